#!/usr/bin/env node
// `pnpm gen:check`: regenerate, then fail (naming the files) when any generated path differs from git.
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { targets } = JSON.parse(readFileSync(join(root, "generators/generated.json"), "utf8"));
const paths = [...targets.map((t) => t.out), ".gitattributes"];

const gen = spawnSync(process.execPath, [join(root, "scripts/gen.mjs")], { cwd: root, stdio: "inherit" });
if (gen.status !== 0) process.exit(gen.status ?? 1);

const drift = execFileSync("git", ["status", "--porcelain", "--untracked-files=all", "--", ...paths], {
  cwd: root,
  encoding: "utf8",
}).trimEnd();

if (drift) {
  console.error("\nGenerated files differ from what is committed:");
  console.error(drift.split("\n").map((line) => `  ${line}`).join("\n"));
  console.error("\nThe spec or a generator config changed without regenerating. Run `pnpm gen` and commit the result.");
  process.exit(1);
}
console.log("✓ gen:check  generated files match spec/openapi.yaml");
