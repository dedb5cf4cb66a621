// The npm artefacts: build and `pnpm pack` @dilnaka/client, @dilnaka/cli and @dilnaka/dev-server as
// a release would, lint the tarballs (publint, attw), install them into an empty project outside the
// monorepo (npm, @dilnaka/* only from the tarballs) and use them there as a user would.
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bin, check, freshDir, kB, root, run } from "./lib.mjs";

export const npmPackages = [
  { name: "@dilnaka/client", dir: "packages/client", attw: "node16" },
  { name: "@dilnaka/cli", dir: "packages/cli", attw: null }, // a bin, no importable entry to type
  { name: "@dilnaka/dev-server", dir: "packages/dev-server", attw: "esm-only" },
];

export async function buildAndPack(outDir, { build = true } = {}) {
  const filters = npmPackages.flatMap((p) => ["--filter", p.name]);
  // Inside `pnpm test` turbo has built them already: this is then a cache hit.
  if (build) await run(bin.turbo, ["run", "build", ...filters, "--output-logs=errors-only"], { timeoutMs: 400_000 });
  mkdirSync(outDir, { recursive: true });
  const tarballs = {};
  for (const p of npmPackages) {
    const out = await run("pnpm", ["pack", "--pack-destination", outDir], { cwd: join(root, p.dir) });
    const file = out.trim().split("\n").filter((l) => l.endsWith(".tgz")).at(-1);
    check(file, `pnpm pack of ${p.name} printed no tarball:\n${out}`);
    tarballs[p.name] = file.startsWith("/") ? file : join(outDir, file);
  }
  return { tarballs, detail: Object.values(tarballs).map((t) => t.split("/").at(-1)).join(", ") };
}

/** The package.json inside a tarball, as the registry would store it. */
export function packedManifest(tarball) {
  return JSON.parse(execFileSync("tar", ["-xzOf", tarball, "package/package.json"], { encoding: "utf8" }));
}

export async function lint(tarballs) {
  for (const p of npmPackages) {
    await run(bin.publint, ["run", "--strict", tarballs[p.name]]);
    if (p.attw) await run(bin.attw, [tarballs[p.name], "--profile", p.attw, "--format", "ascii"]);
  }
  return npmPackages.map((p) => `${p.name.slice(9)} ${kB(statSync(tarballs[p.name]).size)}`).join(", ");
}

/** An empty project with the three tarballs; a dead registry for @dilnaka/* proves none is fetched. */
export async function installProject(tarballs) {
  const dir = freshDir("npm");
  const dependencies = Object.fromEntries(Object.entries(tarballs).map(([name, file]) => [name, `file:${file}`]));
  // The CLI's dependency on @dilnaka/client (an exact version in its packed package.json) resolves
  // to the root one, the packed client: `$name` points an override at the root dependency's spec.
  const overrides = { "@dilnaka/client": "$@dilnaka/client" };
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "dry-run-app", private: true, dependencies, overrides }, null, 2));
  writeFileSync(join(dir, ".npmrc"), "@dilnaka:registry=http://127.0.0.1:9/\nfetch-retries=0\naudit=false\nfund=false\nupdate-notifier=false\n");
  await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, timeoutMs: 300_000 });
  const lock = JSON.parse(readFileSync(join(dir, "package-lock.json"), "utf8"));
  const dilnaka = Object.entries(lock.packages).filter(([path]) => /node_modules\/@dilnaka\//.test(path));
  for (const [path, entry] of dilnaka) {
    check(entry.resolved?.startsWith("file:"), `${path} was not installed from a tarball: ${entry.resolved}`);
  }
  check(dilnaka.length === 3, `expected one copy of each @dilnaka package, found ${dilnaka.map(([p]) => p).join(", ")}`);
  const installed = Object.keys(lock.packages).filter((path) => path.startsWith("node_modules/")).length;
  return { dir, detail: `${installed} packages, @dilnaka/* only from the tarballs (no registry)` };
}

/** `dilnaka dev` of the installed CLI (it loads the installed @dilnaka/dev-server): the smoke backend. */
export function startDevServer(project) {
  const dataDir = freshDir("data");
  const child = spawn(join(project, "node_modules/.bin/dilnaka"), ["dev", "--port", "0", "--data-dir", dataDir], {
    cwd: project,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Even a crash of the dry run must not leave the server (its own process group) running.
  const kill = () => {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {}
  };
  process.once("exit", kill);
  let out = "";
  let err = "";
  child.stderr.on("data", (d) => (err += d));
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`dilnaka dev did not start in 60 s:\n${err}`)), 60_000);
    child.stdout.on("data", (d) => {
      out += d;
      const baseUrl = /DILNAKA_BASE_URL=(\S+)/.exec(out)?.[1];
      const apiKey = /DILNAKA_API_KEY=(\S+)/.exec(out)?.[1];
      if (baseUrl && apiKey) {
        clearTimeout(timer);
        resolve({ baseUrl, apiKey, detail: baseUrl });
      }
    });
    child.on("exit", (code) => reject(new Error(`dilnaka dev exited (${code}) before it was ready:\n${err}`)));
  });
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.on("exit", resolve);
      process.kill(-child.pid, "SIGTERM");
      setTimeout(() => child.exitCode === null && process.kill(-child.pid, "SIGKILL"), 10_000).unref();
    });
  return { ready, stop };
}

const esm = (version) => `import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { Dilnaka } from "@dilnaka/client";
const agents = [];
const recording = (input, init) => {
  agents.push(new Headers(init?.headers).get("user-agent") ?? (input instanceof Request ? input.headers.get("user-agent") : null));
  return fetch(input, init);
};
const client = new Dilnaka({ envFile: false, fetch: recording });
const body = "ESM smoke test of the packed @dilnaka/client\\n".repeat(1000);
writeFileSync("esm-upload.txt", body);
const file = await client.upload("./esm-upload.txt", { folder: "release-dry-run" });
const { url } = await client.getFileAccessUrl(file.id, { expiresIn: 60 });
const served = Buffer.from(await (await fetch(url)).arrayBuffer());
const same = createHash("sha256").update(served).digest("hex") === createHash("sha256").update(body).digest("hex");
await client.deleteFile(file.id);
if (file.status !== "uploaded" || !same) throw new Error("round trip failed: " + JSON.stringify(file));
if (!agents.includes("dilnaka-typescript/${version} node/" + process.versions.node)) throw new Error("User-Agent: " + agents.join(", "));
console.log(file.size);
`;

const cjs = `const { Dilnaka, NotFoundError } = require("@dilnaka/client");
(async () => {
  const client = new Dilnaka({ envFile: false });
  const file = await client.upload(new TextEncoder().encode("CJS smoke test"), { filename: "cjs.txt", folder: "release-dry-run" });
  const ids = [];
  for await (const f of client.listFiles()) ids.push(f.id);
  await client.deleteFile(file.id);
  const gone = await client.getFile(file.id).catch((e) => e);
  if (!ids.includes(file.id) || !(gone instanceof NotFoundError)) throw new Error("CJS flow failed");
  console.log(ids.length);
})().catch((e) => { console.error(e); process.exit(1); });
`;

export async function useClient(project, server, version) {
  const env = { ...process.env, DILNAKA_BASE_URL: server.baseUrl, DILNAKA_API_KEY: server.apiKey };
  writeFileSync(join(project, "esm.mjs"), esm(version));
  writeFileSync(join(project, "cjs.cjs"), cjs);
  const size = (await run("node", ["esm.mjs"], { cwd: project, env })).trim();
  const listed = (await run("node", ["cjs.cjs"], { cwd: project, env })).trim();
  return `ESM path upload ${size} B round trip + User-Agent ${version}, CJS bytes upload + list (${listed}) + delete`;
}

// Node code a user writes: a path upload (the overload only the Node declarations have), options,
// progress, errors narrowed by class. It must type-check under each moduleResolution.
const userTs = `import { Dilnaka, DilnakaError, type DilnakaFile } from "@dilnaka/client";
const client = new Dilnaka({ apiKey: "dlk_dev_typecheck", maxRetries: 1 });
export async function send(path: string): Promise<DilnakaFile | undefined> {
  try {
    return await client.upload(path, { folder: "docs", onProgress: ({ loaded }) => void loaded });
  } catch (error) {
    if (error instanceof DilnakaError) console.error(error.hint);
    return undefined;
  }
}
`;

// Each mode resolves another declaration file of the package: node16 from a CommonJS file
// (.cts → index.d.cts), nodenext from an ES module (.mts → index.d.ts), bundler (index.d.ts through
// the `default` condition, as Vite and Next.js resolve it).
// Only nodenext also checks the declaration files themselves (ours and @types/node: 4x the time);
// the others check the user's file against them, which is what differs between the modes.
const modes = [
  { moduleResolution: "node16", module: "node16", file: "user.cts", libCheck: false },
  { moduleResolution: "nodenext", module: "nodenext", file: "user.mts", libCheck: true },
  { moduleResolution: "bundler", module: "esnext", file: "user.ts", libCheck: false },
];

export async function typecheck(project) {
  for (const m of modes) writeFileSync(join(project, m.file), userTs);
  // @types/node as a user has it; taken from the monorepo so this step needs no registry.
  const typeRoots = join(root, "packages/client/node_modules/@types");
  const tsc = (m) => {
    const args = ["--strict", "--noEmit", "--target", "es2022", "--module", m.module, "--moduleResolution", m.moduleResolution];
    args.push("--typeRoots", typeRoots, "--types", "node", ...(m.libCheck ? [] : ["--skipLibCheck"]), m.file);
    return run(bin.tsc, args, { cwd: project, timeoutMs: 300_000 });
  };
  await Promise.all(modes.map(tsc));
  return modes.map((m) => `${m.moduleResolution} (${m.file})`).join(", ");
}

export async function useCli(project, server) {
  const env = { ...process.env, DILNAKA_BASE_URL: server.baseUrl, DILNAKA_API_KEY: server.apiKey };
  const help = await run("npx", ["--no-install", "dilnaka", "--help"], { cwd: project, env });
  for (const command of ["upload", "ls", "url", "rm", "dev"]) check(help.includes(command), `dilnaka --help lists no ${command}:\n${help}`);
  writeFileSync(join(project, "cli-upload.txt"), "uploaded by the packed CLI\n");
  // The same bin without npx's own start-up (seconds on a busy machine).
  const dilnaka = join(project, "node_modules/.bin/dilnaka");
  const uploaded = JSON.parse(await run(dilnaka, ["upload", "cli-upload.txt", "--json"], { cwd: project, env }));
  const id = uploaded[0]?.file?.id;
  check(uploaded[0]?.file?.status === "uploaded", `dilnaka upload --json: ${JSON.stringify(uploaded)}`);
  await run(dilnaka, ["rm", id, "--yes"], { cwd: project, env });
  return `npx dilnaka --help, upload --json (${id}), rm`;
}
