#!/usr/bin/env node
// `pnpm gen`: regenerate every generated artefact from spec/openapi.yaml.
//
// Order: lint the spec → TypeScript types → Python core → PHP core → docs (when packages/docs exists).
// Everything is generated into a scratch directory first and only swapped into place once every
// step succeeded, so a broken spec fails fast and leaves the committed files untouched.
import { spawnSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, cpSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { writeContentTypes } from "./gen-content-types.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const spec = join(root, "spec/openapi.yaml");
const { targets } = JSON.parse(readFileSync(join(root, "generators/generated.json"), "utf8"));
// Per process: two `pnpm gen` at once must not swap each other's half-written output into place.
const scratch = join(root, `.cache/gen-scratch-${process.pid}`);
const bin = (name) => join(root, "node_modules/.bin", name);
const started = Date.now();

function fail(message) {
  console.error(`\npnpm gen failed: ${message}\nThe committed generated files were left untouched.`);
  process.exit(1);
}

function lintSpec() {
  const lint = spawnSync(bin("redocly"), ["lint", spec, join(root, "spec/upload-route.yaml"), "--config", join(root, "spec/redocly.yaml"), "--format", "stylish"], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", REDOCLY_TELEMETRY: "off" },
  });
  if (lint.status !== 0) {
    process.stderr.write(lint.stdout + lint.stderr);
    fail("spec/openapi.yaml or spec/upload-route.yaml does not pass `redocly lint` (messages above).");
  }
  console.log("✓ lint       spec/openapi.yaml, spec/upload-route.yaml: 0 errors, 0 warnings");
}

async function generateTypeScript(target, dir) {
  const { default: openapiTS, astToString, COMMENT_HEADER } = await import("openapi-typescript");
  const config = JSON.parse(readFileSync(join(root, target.config), "utf8"));
  const ast = await openapiTS(pathToFileURL(spec), config.options);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, config.output), COMMENT_HEADER + astToString(ast));
}

// openapi-generator writes a whole project; we keep only `target.take` from it.
function generateWithOpenApiGenerator(target, dir) {
  const project = `${dir}-project`;
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      bin("openapi-generator-cli"),
      ["--openapitools", join(root, "generators/openapitools.json"), "generate", "-i", spec, "-c", join(root, target.config), "-o", project],
      { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
    );
    let log = "";
    child.stdout.on("data", (d) => (log += d));
    child.stderr.on("data", (d) => (log += d));
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`openapi-generator (${target.name}) exited ${code}:\n${log.slice(-4000)}`));
      cpSync(join(project, target.take), dir, { recursive: true });
      rmSync(project, { recursive: true, force: true });
      resolvePromise();
    });
  });
}

// Reviews and GitHub's language stats hide generated code: .gitattributes is written from the same
// list (generators/generated.json), so the two cannot disagree (gen:check compares it with git).
function writeGitattributes() {
  const lines = [
    "# Written by `pnpm gen` from generators/generated.json: never edit by hand.",
    ...targets.map((t) => `${t.out}/** linguist-generated=true`),
  ];
  writeFileSync(join(root, ".gitattributes"), lines.join("\n") + "\n");
}

async function main() {
  lintSpec();
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });

  const scratchOf = (target) => join(scratch, target.name);
  try {
    await Promise.all(
      targets.map(async (target) => {
        const t0 = Date.now();
        if (target.tool === "openapi-typescript") await generateTypeScript(target, scratchOf(target));
        else await generateWithOpenApiGenerator(target, scratchOf(target));
        writeContentTypes(root, target.name, scratchOf(target));
        console.log(`✓ ${target.name.padEnd(10)} ${target.out} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      }),
    );
  } catch (error) {
    fail(error.message);
  }

  // Every target succeeded: swap the scratch output into place.
  for (const target of targets) {
    const out = join(root, target.out);
    rmSync(out, { recursive: true, force: true });
    mkdirSync(dirname(out), { recursive: true });
    renameSync(scratchOf(target), out);
  }
  rmSync(scratch, { recursive: true, force: true });
  writeGitattributes();

  const docs = join(root, "packages/docs/package.json");
  if (existsSync(docs)) {
    const build = spawnSync("pnpm", ["--filter", "@dilnaka/docs", "build"], { cwd: root, stdio: "inherit" });
    if (build.status !== 0) fail("the docs build failed (messages above).");
    console.log("✓ docs       packages/docs/dist");
  }
  console.log(`pnpm gen: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

await main();
