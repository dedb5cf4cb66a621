import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevServer, type DevServer } from "../src/index.js";
import { client, dev } from "./helpers/api.js";
import { download, patternStream, rawPut, rawRequest } from "./helpers/bytes.js";
import { uploadFile } from "./helpers/upload.js";

let server: DevServer;
let api: ReturnType<typeof client>;
const fault = (value: string) => ({ "X-Dilnaka-Fault": value });

beforeAll(async () => {
  server = await startDevServer({ faults: true });
  api = client(server.baseUrl, server.apiKey);
});
afterAll(() => server?.stop());

describe("X-Dilnaka-Fault header on API calls", () => {
  it("status=503;times=2 fails the first two requests with Retry-After, then passes", async () => {
    const h = fault("status=503;times=2;id=a");
    const a = await api.list("", h);
    const b = await api.list("", h);
    const c = await api.list("", h);
    expect([a.status, b.status, c.status]).toEqual([503, 503, 200]);
    expect(a.body).toEqual({ success: false, error: "service_unavailable", message: "The service is temporarily unavailable." });
    expect(a.headers.get("retry-after")).toBe("1");
  });

  it("status=429;retry-after=1;times=1 answers rate_limited with Retry-After: 1 once", async () => {
    const h = fault("status=429;retry-after=1;times=1;id=b");
    const first = await api.presign({ filename: "a.txt", contentType: "text/plain", size: 1 }, h);
    expect(first.status).toBe(429);
    expect(first.body.error).toBe("rate_limited");
    expect(first.headers.get("retry-after")).toBe("1");
    expect((await api.presign({ filename: "a.txt", contentType: "text/plain", size: 1 }, h)).status).toBe(200);
  });

  it("reset;times=1 destroys the socket without an answer, then passes", async () => {
    const h = fault("reset;times=1;id=c");
    await expect(fetch(`${server.baseUrl}/v1/files`, { headers: { ...h, Authorization: `Bearer ${server.apiKey}` } })).rejects.toThrow();
    expect((await api.list("", h)).status).toBe(200);
  });

  it("delay=<ms> holds the answer that long", async () => {
    const started = performance.now();
    const res = await api.list("", fault("delay=1200"));
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1150);
  });

  it("expire-url hands out URLs the store rejects as expired", async () => {
    const presign = await api.presign({ filename: "e.txt", contentType: "text/plain", size: 3 }, fault("expire-url"));
    const put = await rawPut(presign.body.uploadUrl, presign.body.headers, 3, patternStream(3));
    expect(put.status).toBe(403);
    expect(put.body.toString()).toMatch(/expired/i);

    const f = await uploadFile(api, 3);
    const access = await api.accessUrl(f.fileId, "", fault("expire-url"));
    const got = await download(access.body.url);
    expect(got.status).toBe(403);
    expect(got.body).toMatch(/expired/i);
  });

  it("status=500 reaches internal_error; a malformed header is a 400 naming the problem", async () => {
    const res = await api.get("nope", fault("status=500;times=1;id=d"));
    expect(res.status).toBe(500);
    expect(res.body.error).toBe("internal_error");
    const bad = await api.list("", fault("explode"));
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('unknown part "explode"');
  });
});

describe("faults armed through POST /__dev/faults", () => {
  it("fails the next storage PUTs, then lets the bytes through", async () => {
    await dev(server.baseUrl, "/__dev/faults", { target: "store", operation: "put", status: 503, times: 2, retryAfter: 2 });
    const presign = await api.presign({ filename: "s.bin", contentType: "application/octet-stream", size: 10 });
    const tries = [];
    for (let i = 0; i < 3; i++) tries.push(await rawPut(presign.body.uploadUrl, presign.body.headers, 10, patternStream(10)));
    expect(tries.map((t) => t.status)).toEqual([503, 503, 200]);
    expect(tries[0]!.headers["retry-after"]).toBe("2");
    expect((await api.complete(presign.body.fileId)).status).toBe(200);
  });

  it("resets the storage socket, delays it, or answers an expired URL", async () => {
    const presign = await api.presign({ filename: "r.bin", contentType: "application/octet-stream", size: 10 });
    const put = () => rawPut(presign.body.uploadUrl, presign.body.headers, 10, patternStream(10));
    await dev(server.baseUrl, "/__dev/faults", [
      { target: "store", operation: "put", reset: true },
      { target: "store", operation: "put", expireUrl: true },
      { target: "store", operation: "put", delayMs: 800 },
    ]);
    await expect(put()).rejects.toThrow();
    const expired = await put();
    expect(expired.status).toBe(403);
    expect(expired.body.toString()).toContain("Request has expired");
    const started = performance.now();
    expect((await put()).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(750);
  });

  it("targets one API operation and is cleared by DELETE /__dev/faults", async () => {
    await dev(server.baseUrl, "/__dev/faults", { target: "api", operation: "completeUpload", status: 500, times: 5 });
    expect((await dev(server.baseUrl, "/__dev/faults", undefined, "GET")).armed).toEqual([
      expect.objectContaining({ target: "api", operation: "completeUpload", status: 500, times: 5 }),
    ]);
    const presign = await api.presign({ filename: "c.bin", contentType: "application/octet-stream", size: 0 });
    await rawPut(presign.body.uploadUrl, presign.body.headers, 0, patternStream(0));
    expect((await api.complete(presign.body.fileId)).status).toBe(500);
    expect((await api.list()).status).toBe(200);
    expect((await dev(server.baseUrl, "/__dev/faults", undefined, "GET")).armed[0].times).toBe(4);
    const cleared = await dev(server.baseUrl, "/__dev/faults", undefined, "DELETE");
    expect(cleared.armed).toEqual([]);
    expect((await api.complete(presign.body.fileId)).status).toBe(200);
  });
});

describe("without --faults", () => {
  it("ignores the header and has no /__dev/faults", async () => {
    const plain = await startDevServer();
    try {
      const res = await client(plain.baseUrl, plain.apiKey).list("", fault("status=503"));
      expect(res.status).toBe(200);
      const arm = await rawRequest(`${plain.baseUrl}/__dev/faults`, "POST", { "Content-Type": "application/json" });
      expect(arm.status).toBe(404);
    } finally {
      await plain.stop();
    }
  });
});
