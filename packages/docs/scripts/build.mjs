#!/usr/bin/env node
// `pnpm --filter @dilnaka/docs build` (also run by `pnpm gen`): spec/openapi.yaml → dist/index.html.
//
//   1. bundle the spec (redocly bundle) into .cache/ — the spec itself is never modified;
//   2. inject the guides (guides/*.md) and the code samples (examples/<language>/<operationId>.*);
//   3. redocly build-docs --inlineBundle, then scripts/offline.mjs: one page that loads nothing from
//      the internet (no CDN script, logo or font) and renders with the network off.
//
// Deterministic: the same inputs give a byte-identical dist/index.html.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { injectCodeSamples } from "./code-samples.mjs";
import { injectGuides } from "./guides.mjs";
import { makeSelfContained } from "./offline.mjs";
import { redocly } from "./redocly.mjs";

const pkg = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const spec = resolve(pkg, "../../spec/openapi.yaml");
const cache = join(pkg, ".cache");
const dist = join(pkg, "dist");
const started = Date.now();

try {
  mkdirSync(cache, { recursive: true });
  const bundled = join(cache, "openapi.bundled.json");
  redocly(["bundle", spec, "--ext", "json", "-o", bundled]);

  const doc = JSON.parse(readFileSync(bundled, "utf8"));
  injectGuides(doc, join(pkg, "guides"), join(pkg, "examples"));
  injectCodeSamples(doc, join(pkg, "examples"));
  const site = join(cache, "openapi.docs.json");
  writeFileSync(site, JSON.stringify(doc, null, 2) + "\n");

  // Build next to dist/ and swap, so a failed build never leaves a half-written site.
  const out = join(cache, "dist");
  rmSync(out, { recursive: true, force: true });
  const page = join(out, "index.html");
  redocly([
    "build-docs", site, "--inlineBundle",
    "--config", join(pkg, "redocly.yaml"),
    "--template", join(pkg, "template.hbs"),
    "--title", doc.info.title,
    "-o", page,
  ]);
  writeFileSync(page, makeSelfContained(readFileSync(page, "utf8")));
  rmSync(dist, { recursive: true, force: true });
  renameSync(out, dist);
  console.log(`docs: dist/index.html built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  console.error(`docs build failed: ${error.message}`);
  process.exit(1);
}
