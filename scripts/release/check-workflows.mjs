#!/usr/bin/env node
// The workflows cannot run here, so CI checks them statically: GitHub's workflow schema
// (check-jsonschema's built-in copy, no network needed), then the facts the release relies on:
// CI runs README command (2) on Node 20; the release publishes exactly what the dry run built and
// checked, npm with provenance and PyPI through trusted publishing (OIDC, no token).
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { root } from "./lib.mjs";

const { parse } = createRequire(join(root, "packages/dev-server/package.json"))("yaml");
const dir = join(root, ".github/workflows");
const files = readdirSync(dir).filter((f) => f.endsWith(".yml")).map((f) => join(dir, f));
try {
  execFileSync(join(root, ".cache/tools-venv/bin/check-jsonschema"), ["--builtin-schema", "vendor.github-workflows", ...files], { stdio: "inherit" });
} catch {
  process.exit(1); // check-jsonschema printed why
}

const problems = [];
const expect = (ok, what) => ok || problems.push(what);
const load = (name) => parse(readFileSync(join(dir, name), "utf8"));
const runs = (job) => (job.steps ?? []).map((s) => s.run ?? "").join("\n");
const uses = (job) => (job.steps ?? []).map((s) => s.uses ?? "");
const nodeVersions = (job) => (job.steps ?? []).filter((s) => s.uses?.startsWith("actions/setup-node")).map((s) => String(s.with?.["node-version"]));

const ci = load("ci.yml");
expect(Object.values(ci.jobs).some((j) => runs(j).includes("bash scripts/setup.sh && pnpm test")), "ci.yml: no job runs README command (2)");
expect(Object.values(ci.jobs).every((j) => nodeVersions(j).every((v) => v === "20")), "ci.yml: Node must be 20");

const release = load("release.yml");
const { version, build, npm, pypi, php } = release.jobs;
expect(uses(version ?? {}).some((u) => u.startsWith("changesets/action@")), "release.yml: the version job must use changesets/action");
expect(build?.if?.includes("needs.version.outputs.pending == 'false'"), "release.yml: build must wait until no changeset is pending");
expect(runs(build ?? {}).includes("node scripts/release-dry-run.mjs --out release-artefacts"), "release.yml: build must run the release dry run into release-artefacts");
expect(build?.steps?.some((s) => s.uses?.startsWith("actions/upload-artifact") && s.with?.path?.startsWith("release-artefacts")), "release.yml: build must upload release-artefacts");
for (const [name, job] of Object.entries({ npm, pypi, php })) {
  expect(job?.needs === "build", `release.yml: ${name} must publish the artefacts of build`);
}
expect(npm?.permissions?.["id-token"] === "write", "release.yml: npm needs id-token: write (provenance)");
expect(runs(npm ?? {}).includes("node scripts/release/publish-npm.mjs release-artefacts/npm"), "release.yml: npm must publish release-artefacts/npm");
expect(readFileSync(join(root, "scripts/release/publish-npm.mjs"), "utf8").includes('"--provenance"'), "publish-npm.mjs must pass --provenance");
const pypiStep = pypi?.steps?.find((s) => s.uses?.startsWith("pypa/gh-action-pypi-publish@"));
expect(pypi?.permissions?.["id-token"] === "write", "release.yml: pypi needs id-token: write (trusted publishing)");
expect(pypiStep?.with?.["packages-dir"] === "release-artefacts/python/", "release.yml: pypi must upload release-artefacts/python/");
expect(pypiStep && !("password" in (pypiStep.with ?? {})), "release.yml: trusted publishing takes no token");
expect(runs(php ?? {}).includes("bash scripts/release/tag-php.sh"), "release.yml: php must tag through scripts/release/tag-php.sh");

if (problems.length > 0) {
  console.error(problems.map((p) => `✗ ${p}`).join("\n"));
  process.exit(1);
}
console.log(`workflows: ${files.length} valid against GitHub's schema; release publishes what the dry run checked`);
