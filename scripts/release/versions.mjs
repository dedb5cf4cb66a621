// One versioning story: every artefact carries the version changesets manages in its workspace
// package.json (packages/python and packages/php have one for exactly this). A drift fails the run.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { check, root } from "./lib.mjs";
import { packedManifest } from "./npm.mjs";

const workspace = {
  "@dilnaka/client": "packages/client",
  "@dilnaka/cli": "packages/cli",
  "@dilnaka/dev-server": "packages/dev-server",
  "dilnaka-python": "packages/python",
  "dilnaka-php": "packages/php",
};

export function changesetVersions() {
  const versions = {};
  for (const [name, dir] of Object.entries(workspace)) {
    const manifest = JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8"));
    check(manifest.name === name, `${dir}/package.json is named ${manifest.name}, expected ${name}`);
    versions[name] = manifest.version;
  }
  return versions;
}

export function pendingChangesets() {
  return readdirSync(join(root, ".changeset")).filter((f) => f.endsWith(".md") && f !== "README.md").length;
}

/** The packed manifests: versions, the CLI's exact dependency on the client, the LICENSE inside. */
export function checkNpmManifests(tarballs, versions, license) {
  for (const [name, tarball] of Object.entries(tarballs)) {
    const manifest = packedManifest(tarball);
    check(manifest.version === versions[name], `${name}'s tarball is ${manifest.version}, changesets says ${versions[name]}`);
    check(manifest.publishConfig?.access === "public", `${name} lacks publishConfig.access public`);
    check(manifest.repository?.directory && manifest.license === "MIT", `${name} lacks repository.directory or license`);
    const deps = { ...manifest.dependencies, ...manifest.optionalDependencies, ...manifest.peerDependencies };
    for (const [dep, range] of Object.entries(deps)) check(!String(range).startsWith("workspace:"), `${name} ships ${dep}@${range}`);
    const packedLicense = execFileSync("tar", ["-xzOf", tarball, "package/LICENSE"], { encoding: "utf8" });
    check(packedLicense === license, `${name}'s LICENSE differs from the repository's`);
  }
  const cli = packedManifest(tarballs["@dilnaka/cli"]);
  const wanted = cli.dependencies["@dilnaka/client"];
  check(wanted === versions["@dilnaka/client"], `the CLI depends on @dilnaka/client ${wanted}, the client is ${versions["@dilnaka/client"]}`);
  return `versions match, CLI → client ${wanted}, LICENSE in each`;
}
