import http from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startDevServer, type DevServer } from "../src/index.js";
import { client, dev } from "./helpers/api.js";
import { patternStream, rawPut } from "./helpers/bytes.js";
import { MiB, patternBuffer } from "./helpers/multipart.js";
import { uploadFile } from "./helpers/upload.js";

let server: DevServer;
let api: ReturnType<typeof client>;
let url: string;
let bytes: Buffer;
const SIZE = MiB;

beforeAll(async () => {
  server = await startDevServer({ faults: true });
  api = client(server.baseUrl, server.apiKey);
  const f = await uploadFile(api, SIZE, { seed: 8 });
  bytes = await patternBuffer(SIZE, 8);
  url = (await api.accessUrl(f.fileId)).body.url;
});
afterAll(() => server?.stop());
beforeEach(async () => {
  await dev(server.baseUrl, "/__dev/faults", undefined, "DELETE");
  await dev(server.baseUrl, "/__dev/store-requests", undefined, "DELETE");
});

const arm = (fault: Record<string, unknown>) => dev(server.baseUrl, "/__dev/faults", { target: "store", operation: "get", ...fault });
const storeRequests = async () => (await dev(server.baseUrl, "/__dev/store-requests", undefined, "GET")).requests;

/** A GET that keeps whatever body arrived, and says whether the answer ended cleanly. */
function rawGet(target: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer; complete: boolean }>((resolve, reject) => {
    http
      .get(target, { headers }, (res) => {
        const chunks: Buffer[] = [];
        const done = (complete: boolean) =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), complete });
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => done(res.complete));
        res.on("error", () => done(false));
        res.on("aborted", () => done(false));
      })
      .on("error", reject);
  });
}

describe("store GET faults (armed with operation: get)", () => {
  it("status 503 answers S3's SlowDown XML with Retry-After once, then the GET passes", async () => {
    await arm({ status: 503, retryAfter: 2 });
    const failed = await fetch(url);
    expect([failed.status, failed.headers.get("retry-after")]).toEqual([503, "2"]);
    expect(await failed.text()).toContain("<Code>SlowDown</Code>");
    const ok = await fetch(url);
    expect(Buffer.from(await ok.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it("delayMs holds the answer that long", async () => {
    await arm({ delayMs: 800 });
    const started = performance.now();
    expect((await fetch(url)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(750);
  });

  it("resetAfterBytes sends the headers and exactly that many body bytes, then drops; a Range request finishes it", async () => {
    await arm({ resetAfterBytes: 100_000 });
    const cut = await rawGet(url);
    expect(cut.status).toBe(200);
    expect(cut.headers["content-length"]).toBe(String(SIZE));
    expect(cut.complete).toBe(false);
    expect(cut.body.equals(bytes.subarray(0, 100_000))).toBe(true);
    const rest = await rawGet(url, { Range: `bytes=${cut.body.length}-` });
    expect([rest.status, rest.headers["content-range"], rest.complete]).toEqual([206, `bytes 100000-${SIZE - 1}/${SIZE}`, true]);
    expect(Buffer.concat([cut.body, rest.body]).equals(bytes)).toBe(true);
    expect(await storeRequests()).toEqual([
      expect.objectContaining({ method: "GET", range: null, status: 200, responseBytes: 100_000 }),
      expect.objectContaining({ method: "GET", range: "bytes=100000-", status: 206, responseBytes: SIZE - 100_000 }),
    ]);
  });

  it("resetAfterBytes: 0 drops the connection right after the headers; fetch sees the body fail", async () => {
    await arm({ resetAfterBytes: 0 });
    const res = await fetch(url);
    expect(res.status).toBe(200);
    await expect(res.arrayBuffer()).rejects.toThrow();
  });

  it("resetAfterBytes counts the bytes of a 206 from the range's start", async () => {
    await arm({ resetAfterBytes: 10 });
    const cut = await rawGet(url, { Range: "bytes=500-" });
    expect([cut.status, cut.complete]).toEqual([206, false]);
    expect(cut.body.equals(bytes.subarray(500, 510))).toBe(true);
  });

  it("corruptByte inverts exactly one byte of the answer; the next GET is intact", async () => {
    await arm({ corruptByte: 65_537 });
    const bad = Buffer.from(await (await fetch(url)).arrayBuffer());
    expect(bad.length).toBe(SIZE);
    const differing = [...bad.keys()].filter((i) => bad[i] !== bytes[i]);
    expect(differing).toEqual([65_537]);
    expect(bad[65_537]).toBe(bytes[65_537]! ^ 0xff);
    expect(Buffer.from(await (await fetch(url)).arrayBuffer()).equals(bytes)).toBe(true);
  });

  it("corruptByte on a 206 counts from the range's first byte", async () => {
    await arm({ corruptByte: 0 });
    const bad = Buffer.from(await (await fetch(url, { headers: { Range: "bytes=1000-1009" } })).arrayBuffer());
    expect(bad[0]).toBe(bytes[1000]! ^ 0xff);
    expect(bad.subarray(1).equals(bytes.subarray(1001, 1010))).toBe(true);
  });
});

describe("the X-Dilnaka-Fault header on a store GET", () => {
  it("reset-after=<n>;corrupt-byte=<offset> cuts and corrupts that GET only", async () => {
    const cut = await rawGet(url, { "X-Dilnaka-Fault": "reset-after=10;corrupt-byte=0;times=1;id=get" });
    expect([cut.status, cut.complete, cut.body.length]).toEqual([200, false, 10]);
    expect(cut.body[0]).toBe(bytes[0]! ^ 0xff);
    expect(cut.body.subarray(1).equals(bytes.subarray(1, 10))).toBe(true);
    const next = await rawGet(url, { "X-Dilnaka-Fault": "reset-after=10;corrupt-byte=0;times=1;id=get" });
    expect([next.complete, next.body.equals(bytes)]).toEqual([true, true]);
  });
});

describe("corruptByte on a store PUT without a checksum", () => {
  it("armed: the object is stored with that byte inverted (nothing can tell)", async () => {
    await dev(server.baseUrl, "/__dev/faults", { target: "store", operation: "put", corruptByte: 3 });
    const presign = await api.presign({ filename: "c.bin", contentType: "application/octet-stream", size: 64 });
    expect((await rawPut(presign.body.uploadUrl, presign.body.headers, 64, patternStream(64, 2))).status).toBe(200);
    expect((await api.complete(presign.body.fileId)).status).toBe(200);
    const stored = Buffer.from(await (await fetch((await api.accessUrl(presign.body.fileId)).body.url)).arrayBuffer());
    const sent = await patternBuffer(64, 2);
    expect([...stored.keys()].filter((i) => stored[i] !== sent[i])).toEqual([3]);
  });

  it("as the header corrupt-byte=<n> on the PUT itself", async () => {
    const presign = await api.presign({ filename: "h.bin", contentType: "application/octet-stream", size: 64 });
    const put = await rawPut(presign.body.uploadUrl, { ...presign.body.headers, "X-Dilnaka-Fault": "corrupt-byte=63" }, 64, patternStream(64, 2));
    expect(put.status).toBe(200);
    await api.complete(presign.body.fileId);
    const stored = Buffer.from(await (await fetch((await api.accessUrl(presign.body.fileId)).body.url)).arrayBuffer());
    expect(stored[63]).toBe((await patternBuffer(64, 2))[63]! ^ 0xff);
  });
});

describe("corruptByte is a store fault only", () => {
  it("armed on the API, or as the header of an API call: 400 invalid_request", async () => {
    const armed = await fetch(`${server.baseUrl}/__dev/faults`, { method: "POST", body: JSON.stringify({ target: "api", corruptByte: 1 }) });
    expect(armed.status).toBe(400);
    expect((await armed.json()).message).toContain("corruptByte applies to store requests");
    const header = await api.list("", { "X-Dilnaka-Fault": "corrupt-byte=1" });
    expect([header.status, header.body.error]).toEqual([400, "invalid_request"]);
  });
});
