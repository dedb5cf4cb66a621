#!/usr/bin/env node
// Publishes the tarballs the release dry run built and checked (node scripts/release/publish-npm.mjs
// <dir>), with provenance, in dependency order; a version already on the registry is skipped, so a
// re-run after a partial failure finishes the job. Used by .github/workflows/release.yml only.
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { packedManifest } from "./npm.mjs";

const dir = resolve(process.argv[2] ?? "release-artefacts/npm");
const order = ["@dilnaka/client", "@dilnaka/dev-server", "@dilnaka/cli"];
const tarballs = readdirSync(dir).filter((f) => f.endsWith(".tgz")).map((f) => join(dir, f));
const byName = new Map(tarballs.map((t) => [packedManifest(t).name, t]));
if (byName.size !== order.length || !order.every((n) => byName.has(n))) {
  throw new Error(`expected the tarballs of ${order.join(", ")} in ${dir}, found ${[...byName.keys()].join(", ")}`);
}

function published(name, version) {
  try {
    return execFileSync("npm", ["view", `${name}@${version}`, "version"], { encoding: "utf8" }).trim() === version;
  } catch {
    return false; // E404: never published
  }
}

for (const name of order) {
  const tarball = byName.get(name);
  const { version } = packedManifest(tarball);
  if (published(name, version)) {
    console.log(`${name}@${version} is on the registry already: skipped`);
    continue;
  }
  execFileSync("npm", ["publish", tarball, "--provenance", "--access", "public"], { stdio: "inherit" });
  console.log(`${name}@${version} published`);
}
