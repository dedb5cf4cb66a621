import { afterAll, beforeAll, expect, it } from "vitest";
import { startDevServer, type DevServer } from "../src/index.js";
import { EMBEDDED_CREDENTIALS, startEmbeddedStore, type EmbeddedStore } from "../src/store/embedded.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { client } from "./helpers/api.js";
import { download, patternStream, sha256OfStream } from "./helpers/bytes.js";
import { findPostgresBin, startPostgres } from "./helpers/postgres.js";
import { MiB, multipartUpload, patternBuffer, sendParts, sha256 } from "./helpers/multipart.js";
import { uploadFile } from "./helpers/upload.js";

// scripts/setup.sh installs PostgreSQL's server binaries; without them there is nothing to run against.
const bin = findPostgresBin();
const stops: Array<() => unknown> = [];
let a: DevServer;
let b: DevServer;
let databaseUrl: string;

beforeAll(async () => {
  if (!bin) return;
  const pg = await startPostgres(bin);
  databaseUrl = pg.url;
  stops.push(() => pg.stop());
  // Two instances behind "a load balancer": one PostgreSQL, one shared S3-compatible store.
  const dir = mkdtempSync(join(tmpdir(), "dilnaka-shared-store-"));
  const store: EmbeddedStore = await startEmbeddedStore(dir);
  stops.push(() => rmSync(dir, { recursive: true, force: true }), () => store.close());
  const env = {
    DATABASE_URL: pg.url,
    S3_ENDPOINT: store.endpoint,
    S3_BUCKET: "dilnaka-dev",
    AWS_ACCESS_KEY_ID: EMBEDDED_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: EMBEDDED_CREDENTIALS.secretAccessKey,
  };
  // Started together on purpose: migrations and the dev account must not race.
  const started = await Promise.allSettled([startDevServer({ env }), startDevServer({ env })]);
  for (const s of started) if (s.status === "fulfilled") stops.push(() => s.value.stop());
  for (const s of started) if (s.status === "rejected") throw s.reason;
  [a, b] = started.map((s) => (s as PromiseFulfilledResult<DevServer>).value) as [DevServer, DevServer];
});
afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
});

it.skipIf(!bin)("runs the same SQL on PostgreSQL (DATABASE_URL), shared by two instances", async () => {
  expect(b.apiKey).toBe(a.apiKey);
  const f = await uploadFile(client(a.baseUrl, a.apiKey), 4096, { seed: 3 });
  const viaB = client(b.baseUrl, b.apiKey);
  expect((await viaB.list()).body.files.map((x: { fileId: string }) => x.fileId)).toContain(f.fileId);
  expect((await viaB.complete(f.fileId)).body.status).toBe("uploaded");
  const { body } = await viaB.accessUrl(f.fileId);
  expect((await download(body.url)).sha256).toBe(await sha256OfStream(patternStream(4096, 3)));
  expect((await viaB.remove(f.fileId)).status).toBe(200);
  expect((await client(a.baseUrl, a.apiKey).get(f.fileId)).status).toBe(404);
});

it.skipIf(!bin)("keeps multipart uploads and the parts ledger in PostgreSQL too (embedded store)", async () => {
  const s = await startDevServer({ env: { DATABASE_URL: databaseUrl }, plan: "pro" });
  try {
    const api = client(s.baseUrl, s.apiKey);
    const data = await patternBuffer(7 * MiB, 51);
    const { created } = await multipartUpload(api, data);
    expect((await download((await api.accessUrl(created.fileId)).body.url)).sha256).toBe(sha256(data));
    const { body: open } = await api.createMultipart({ filename: "o.bin", contentType: "application/octet-stream", size: data.length, partSize: 5 * MiB });
    const [part] = await sendParts(api, open.fileId, data, 5 * MiB, [1]);
    expect((await api.listParts(open.fileId)).body.parts).toEqual([{ ...part, size: 5 * MiB, checksumSha256: null }]);
    expect((await api.abort(open.fileId)).body.aborted).toBe(true);
  } finally {
    await s.stop();
  }
});
