// Measures a `curl -T` PUT of SIZE bytes (default 1 GiB) to a presigned URL of the embedded store,
// through the dev server store front (CORS, faults) into s3rver, against a baseline in the same run: the same curl
// into a Node HTTP sink that discards the bytes (the loopback + curl ceiling on this machine).
// Prints throughput, the ratio to the baseline and the dev server's peak RSS during the PUT.
// A third line PUTs straight to an s3rver of its own (no front), to show what the front costs.
//   pnpm --filter @dilnaka/dev-server bench [sizeMiB]
import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, ftruncateSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { EMBEDDED_BUCKET, EMBEDDED_CREDENTIALS, EMBEDDED_REGION, startEmbeddedStore } from "../src/store/embedded.js";
import { createObjectStore } from "../src/store/objects.js";

const sizeMiB = Number(process.argv[2] ?? 1024);
const size = sizeMiB * 1024 * 1024;
const work = mkdtempSync(join(tmpdir(), "dilnaka-bench-"));
const file = join(work, "payload.bin");
const fd = openSync(file, "w");
ftruncateSync(fd, size); // sparse: reading it costs no disk, so the store's writes are what is timed
closeSync(fd);

const rssOf = (pid: number) => {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kb("VmRSS") / 1024, hwm: kb("VmHWM") / 1024 };
};

async function curlPut(url: string, headers: Record<string, string>) {
  const args = ["-sS", "-o", "/dev/null", "-w", "%{http_code} %{time_total}", "-T", file, "-H", "Expect:"];
  for (const [k, v] of Object.entries(headers)) args.push("-H", `${k}: ${v}`);
  const { stdout } = await promisify(execFile)("curl", [...args, url]);
  const [code, seconds] = stdout.split(" ");
  return { code: Number(code), seconds: Number(seconds) };
}

async function sinkBaseline() {
  const sink = http.createServer((req, res) => {
    req.on("data", () => undefined);
    req.on("end", () => res.writeHead(200).end());
  });
  await new Promise<void>((r) => sink.listen(0, "127.0.0.1", r));
  const { port } = sink.address() as { port: number };
  const { code, seconds } = await curlPut(`http://127.0.0.1:${port}/sink`, { "Content-Type": "application/octet-stream" });
  sink.close();
  if (code !== 200) throw new Error(`sink answered ${code}`);
  return seconds;
}

async function startServer() {
  const bin = fileURLToPath(new URL("../bin/dev-server.mjs", import.meta.url));
  const child = spawn(process.execPath, [bin, "--port", "0", "--data-dir", join(work, "data"), "--plan", "pro"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (c: Buffer) => {
      out += c;
      if (out.includes("DILNAKA_API_KEY=")) resolve();
    });
    child.on("exit", (code) => reject(new Error(`dev server exited ${code}`)));
  });
  const env = Object.fromEntries(out.trim().split("\n").map((l) => l.split("=")));
  return { child, baseUrl: env.DILNAKA_BASE_URL as string, apiKey: env.DILNAKA_API_KEY as string };
}

/** The same PUT straight into an s3rver of this process, without the front. */
async function directToS3rver() {
  const store = await startEmbeddedStore(join(work, "direct"));
  try {
    const objects = createObjectStore({
      internalEndpoint: store.endpoint,
      publicEndpoint: store.endpoint,
      bucket: EMBEDDED_BUCKET,
      region: EMBEDDED_REGION,
      credentials: EMBEDDED_CREDENTIALS,
      forcePathStyle: true,
    });
    const url = await objects.presignPut("direct.bin", "application/octet-stream", 600);
    const put = await curlPut(url, { "Content-Type": "application/octet-stream" });
    if (put.code !== 200) throw new Error(`s3rver answered ${put.code}`);
    return put.seconds;
  } finally {
    await store.close();
  }
}

const server = await startServer();
try {
  const auth = { Authorization: `Bearer ${server.apiKey}`, "Content-Type": "application/json" };
  const presign = await (
    await fetch(`${server.baseUrl}/v1/uploads/presign`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ filename: "bench.bin", contentType: "application/octet-stream", size }),
    })
  ).json();
  if (!presign.uploadUrl) throw new Error(JSON.stringify(presign));

  const baseline = await sinkBaseline();
  const direct = await directToS3rver();
  const pid = server.child.pid!;
  const before = rssOf(pid);
  let peak = before.rss;
  const sampler = setInterval(() => (peak = Math.max(peak, rssOf(pid).rss)), 50);
  const put = await curlPut(presign.uploadUrl, presign.headers);
  clearInterval(sampler);
  const after = rssOf(pid);
  if (put.code !== 200) throw new Error(`store answered ${put.code}`);
  const done = await (
    await fetch(`${server.baseUrl}/v1/uploads/complete`, { method: "POST", headers: auth, body: JSON.stringify({ fileId: presign.fileId }) })
  ).json();
  if (done.status !== "uploaded" || done.size !== size) throw new Error(JSON.stringify(done));

  const mbps = (s: number) => (size / 1e6 / s).toFixed(0);
  console.log(`\ncurl -T of ${sizeMiB} MiB on loopback (${new Date().toISOString()})`);
  console.log("| path | seconds | MB/s | ratio to baseline |");
  console.log("|---|---|---|---|");
  console.log(`| baseline: Node HTTP sink (discards) | ${baseline.toFixed(2)} | ${mbps(baseline)} | 1.00 |`);
  console.log(`| presigned PUT → s3rver directly (no front) | ${direct.toFixed(2)} | ${mbps(direct)} | ${(baseline / direct).toFixed(2)} |`);
  console.log(`| presigned PUT → dev-server store front → s3rver (disk) | ${put.seconds.toFixed(2)} | ${mbps(put.seconds)} | ${(baseline / put.seconds).toFixed(2)} |`);
  console.log(`\ndev server process RSS: ${before.rss.toFixed(0)} MiB before, ${peak.toFixed(0)} MiB peak during the PUT (sampled every 50 ms), ${after.rss.toFixed(0)} MiB after`);
  console.log("completeUpload verified the stored size:", done.size === size);
} finally {
  server.child.kill("SIGTERM");
  await new Promise((r) => server.child.on("exit", r));
  await new Promise((r) => setTimeout(r, 100));
  rmSync(work, { recursive: true, force: true });
}
