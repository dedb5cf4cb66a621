#!/usr/bin/env node
// The release dry run: builds every publishable artefact as the release workflow does
// (.github/workflows/release.yml runs this very script, then publishes what it left in --out),
// installs each outside the monorepo and uses it there against a dev server started from the
// packed @dilnaka/cli + @dilnaka/dev-server. One line per check; exit 1 on the first failure.
//
//   node scripts/release-dry-run.mjs [--out <dir>] [--keep]
//     --out   where the artefacts go (npm/*.tgz, python/*.whl + *.tar.gz, php/*.zip); default: a temp dir
//     --keep  keep the temporary projects, venvs and artefacts for a closer look
//     --no-build  pack the dist/ folders as they are (a release always builds; this is for iterating)
import { mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { DryRunError, elapsed, freshDir, removeFreshDirs, root, step } from "./release/lib.mjs";
import * as npm from "./release/npm.mjs";
import * as php from "./release/php.mjs";
import * as python from "./release/python.mjs";
import { changesetVersions, checkNpmManifests, pendingChangesets } from "./release/versions.mjs";

const { values: args } = parseArgs({ options: { out: { type: "string" }, keep: { type: "boolean", default: false }, build: { type: "boolean", default: true } }, allowNegative: true });
const out = args.out ? resolve(args.out) : freshDir("artefacts");
for (const sub of ["npm", "python", "php"]) mkdirSync(join(out, sub), { recursive: true });
const license = readFileSync(join(root, "LICENSE"), "utf8");
let server;
let background = [];

try {
  const versions = changesetVersions();
  await step("versions (changesets)", () => `${Object.entries(versions).map(([n, v]) => `${n} ${v}`).join(", ")}; ${pendingChangesets()} changesets pending`);

  const { tarballs } = await step(args.build ? "npm: turbo build + pnpm pack" : "npm: pnpm pack (no build)", () => npm.buildAndPack(join(out, "npm"), { build: args.build }));
  await step("npm: packed manifests", () => checkNpmManifests(tarballs, versions, license));

  // What needs no server runs side by side: npm's install, the linters, the Python and PHP builds.
  const projectReady = step("npm: the tarballs in an empty project", () => npm.installProject(tarballs));
  const pythonReady = (async () => {
    const files = await step("python: python -m build", () => python.build(join(out, "python")));
    await step("python: artefacts", () => python.inspect(files, versions["dilnaka-python"], license));
    return step("python: the wheel in a fresh venv", () => python.install(files.wheel, versions["dilnaka-python"]));
  })();
  const phpReady = (async () => {
    const zip = await step("php: composer archive", () => php.archive(join(out, "php"), versions["dilnaka-php"]));
    return step("php: the archive unpacked", () => php.unpackAndValidate(zip, versions["dilnaka-php"], license));
  })();
  // The type checks need no server either: each starts once its install is there.
  const tsChecked = projectReady.then((p) => step("npm: tsc --strict of a Node file", () => npm.typecheck(p.dir)));
  const mypyChecked = pythonReady.then((v) => step("python: mypy --strict of a user file", () => python.typecheck(v)));
  background = [projectReady, pythonReady, phpReady, tsChecked, mypyChecked];
  // Awaited below; until then a failure must not count as unhandled (Node would exit at once).
  for (const b of background) b.catch(() => {});
  await step("npm: publint --strict, attw (node16 + bundler)", () => npm.lint(tarballs));

  const project = await projectReady;
  server = npm.startDevServer(project.dir);
  const live = await step("dev server: `dilnaka dev` of the installed CLI + dev-server", () => server.ready);

  await step("npm: @dilnaka/client from ESM and CJS", () => npm.useClient(project.dir, live, versions["@dilnaka/client"]));
  await step("npm: npx dilnaka", () => npm.useCli(project.dir, live));

  const venv = await pythonReady;
  await step("python: the seed README's examples", () => python.seedFlow(venv, live));

  const unpacked = await phpReady;
  await step("php: an upload through the unpacked archive", () => php.upload(unpacked.dir, live));
  await Promise.all([tsChecked, mypyChecked]);

  console.log(`release dry run passed in ${elapsed()}${args.keep || args.out ? `: artefacts in ${out}` : ""}`);
} catch (error) {
  console.error(error instanceof DryRunError ? error.message : error);
  console.log(`release dry run FAILED after ${elapsed()}`);
  process.exitCode = 1;
} finally {
  await server?.stop();
  // No step may still be writing into a folder that is about to go.
  await Promise.allSettled(background);
  if (!args.keep) removeFreshDirs();
}
