#!/usr/bin/env node
// pnpm demo: the whole life of a file with @dilnaka/client against a local dev server.
// Starts the dev server, uploads a sample file with a live progress line, lists files, prints an
// access URL, downloads the file and checks its SHA-256, deletes it, stops the server.
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { Dilnaka, DilnakaError, NotFoundError } from "../dist/index.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const work = mkdtempSync(join(tmpdir(), "dilnaka-demo-"));
const MiB = 1024 * 1024;
let server;

function stopServer() {
  if (server && server.exitCode === null) {
    try {
      process.kill(-server.pid, "SIGTERM"); // its own process group: nothing is left behind
    } catch {
      /* already gone */
    }
  }
}
process.on("exit", () => {
  stopServer();
  rmSync(work, { recursive: true, force: true });
});
for (const s of ["SIGINT", "SIGTERM"]) process.on(s, () => process.exit(130));

/** Starts `pnpm dev-server` on a free port and resolves with the URL and key it prints. */
function startDevServer() {
  server = spawn(process.execPath, ["packages/dev-server/bin/dev-server.mjs", "--port", "0", "--data-dir", join(work, "data")], {
    cwd: root,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  server.stderr.on("data", (d) => (log = (log + d).slice(-4000)));
  return new Promise((ok, fail) => {
    const vars = {};
    server.once("exit", (code) => fail(new Error(`the dev server exited with code ${code}\n${log}`)));
    createInterface({ input: server.stdout }).on("line", (line) => {
      const m = /^(DILNAKA_BASE_URL|DILNAKA_API_KEY)=(\S+)$/.exec(line.trim());
      if (m) vars[m[1]] = m[2];
      if (vars.DILNAKA_BASE_URL && vars.DILNAKA_API_KEY) ok(vars);
    });
  });
}

/** A progress line redrawn in place on a terminal, or one line per quarter elsewhere (CI logs). */
function progressLine(label) {
  const started = Date.now();
  let lastQuarter = -1;
  return ({ loaded, total, percentage }) => {
    const width = 28;
    const filled = Math.round((percentage / 100) * width);
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    const text = `  ${label} ▕${"█".repeat(filled)}${"░".repeat(width - filled)}▏ ${percentage.toFixed(1).padStart(5)} %  ${(loaded / MiB).toFixed(1)}/${(total / MiB).toFixed(1)} MiB  ${(loaded / 1e6 / seconds).toFixed(0)} MB/s`;
    if (process.stdout.isTTY) {
      process.stdout.write(`\r${text}`);
      if (loaded === total) process.stdout.write("\n");
    } else if (Math.floor(percentage / 25) > lastQuarter) {
      lastQuarter = Math.floor(percentage / 25);
      console.log(text);
    }
  };
}

const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");

async function main() {
  console.log("1. starting the dev server …");
  const { DILNAKA_BASE_URL, DILNAKA_API_KEY } = await startDevServer();
  const client = new Dilnaka({ apiKey: DILNAKA_API_KEY, baseURL: DILNAKA_BASE_URL, envFile: false });
  console.log(`   ${DILNAKA_BASE_URL}  client: ${JSON.stringify(client)}`);

  const path = join(work, "sample.bin");
  const bytes = randomBytes(48 * MiB);
  writeFileSync(path, bytes);
  const localSha = sha256(bytes);
  console.log(`2. uploading ${path} (48 MiB, sha256 ${localSha.slice(0, 16)}…)`);
  const file = await client.upload(path, { folder: "demo", metadata: { source: "pnpm demo" }, onProgress: progressLine("sample.bin") });
  console.log(`   stored: id=${file.id} key=${file.key} status=${file.status} size=${file.size}`);

  console.log("3. listing files");
  for await (const f of client.listFiles({ limit: 50 })) {
    console.log(`   ${f.id}  ${f.status.padEnd(8)} ${String(f.size).padStart(10)} B  ${f.key}`);
  }

  const access = await client.getFileAccessUrl(file.id, { expiresIn: 600 });
  console.log(`4. access URL (temporary: ${access.isTemporary}, ${access.expiresIn} s):\n   ${access.url}`);

  const response = await fetch(access.url);
  if (!response.ok) throw new Error(`download answered ${response.status}`);
  const downloadedSha = sha256(new Uint8Array(await response.arrayBuffer()));
  const same = downloadedSha === localSha;
  console.log(`5. downloaded: sha256 ${downloadedSha.slice(0, 16)}… ${same ? "✓ identical to the uploaded file" : "✗ DIFFERENT"}`);
  if (!same) throw new Error("the downloaded bytes differ from the uploaded ones");

  const deleted = await client.deleteFile(file.id);
  const gone = await client.getFile(file.id).then(() => false, (e) => e instanceof NotFoundError);
  console.log(`6. deleted: ${JSON.stringify(deleted)}; getFile now → ${gone ? "NotFoundError ✓" : "still there ✗"}`);
  if (!gone) throw new Error("the file is still there after deleteFile");

  stopServer();
  console.log("7. dev server stopped. Demo done.");
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`\ndemo failed: ${error.message}`);
    if (error instanceof DilnakaError && error.hint) console.error(`hint: ${error.hint}`);
    process.exit(1);
  },
);
