import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevServer, type DevServer } from "../src/index.js";
import { EMBEDDED_CREDENTIALS, startEmbeddedStore } from "../src/store/embedded.js";
import { client } from "./helpers/api.js";
import { download, patternStream, rawPut, rawRequest, sha256OfStream } from "./helpers/bytes.js";
import { uploadFile } from "./helpers/upload.js";

let server: DevServer;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  server = await startDevServer();
  api = client(server.baseUrl, server.apiKey);
});
afterAll(() => server?.stop());

/** Flips the last hex digit of X-Amz-Signature. */
function tamper(url: string): string {
  const u = new URL(url);
  const sig = u.searchParams.get("X-Amz-Signature")!;
  u.searchParams.set("X-Amz-Signature", sig.slice(0, -1) + (sig.endsWith("0") ? "1" : "0"));
  return u.toString();
}

describe("the embedded store checks signatures", () => {
  it("rejects a PUT with a tampered signature, or with another Content-Type than the signed one", async () => {
    const presign = await api.presign({ filename: "t.txt", contentType: "text/plain", size: 4 });
    const tampered = await rawPut(tamper(presign.body.uploadUrl), presign.body.headers, 4, patternStream(4));
    expect(tampered.status).toBe(403);
    expect(tampered.body.toString()).toContain("SignatureDoesNotMatch");
    const wrongType = await rawPut(presign.body.uploadUrl, { "Content-Type": "text/html" }, 4, patternStream(4));
    expect(wrongType.status).toBe(403);
    expect((await api.complete(presign.body.fileId)).status).toBe(409);
  });

  it("rejects a GET with a tampered signature and an expired access URL", async () => {
    const f = await uploadFile(api, 8);
    const { body: valid } = await api.accessUrl(f.fileId, "?expiresIn=600");
    expect((await download(tamper(valid.url))).status).toBe(403);
    expect((await download(valid.url)).status).toBe(200);
    const { body: short } = await api.accessUrl(f.fileId, "?expiresIn=1");
    await new Promise((r) => setTimeout(r, 2100));
    const expired = await download(short.url);
    expect(expired.status).toBe(403);
    expect(expired.body).toMatch(/expired/i);
  });
});

describe("CORS, so a browser page can upload", () => {
  const origin = "http://localhost:5173";

  it("answers the API preflight and exposes X-Request-Id", async () => {
    const pre = await rawRequest(`${server.baseUrl}/v1/uploads/presign`, "OPTIONS", {
      Origin: origin,
      "Access-Control-Request-Method": "POST",
      "Access-Control-Request-Headers": "authorization,content-type",
    });
    expect(pre.status).toBe(204);
    expect(pre.headers["access-control-allow-origin"]).toBe("*");
    expect(pre.headers["access-control-allow-headers"]).toContain("authorization");
    const res = await fetch(`${server.baseUrl}/v1/files`, { headers: { Origin: origin, Authorization: `Bearer ${server.apiKey}` } });
    expect(res.headers.get("access-control-expose-headers")).toContain("X-Request-Id");
  });

  it("answers the store preflight and exposes ETag on the PUT", async () => {
    const presign = await api.presign({ filename: "c.txt", contentType: "text/plain", size: 2 });
    const pre = await rawRequest(presign.body.uploadUrl, "OPTIONS", {
      Origin: origin,
      "Access-Control-Request-Method": "PUT",
      "Access-Control-Request-Headers": "content-type",
    });
    expect(pre.status).toBe(200);
    expect(pre.headers["access-control-allow-methods"]).toContain("PUT");
    const put = await rawPut(presign.body.uploadUrl, { ...presign.body.headers, Origin: origin }, 2, patternStream(2));
    expect(put.headers["access-control-allow-origin"]).toBe("*");
    expect(put.headers["access-control-expose-headers"]).toContain("ETag");
    expect(put.headers.etag).toMatch(/^"[0-9a-f]{32}"$/);
  });
});

describe("S3_ENDPOINT / S3_BUCKET / S3_REGION", () => {
  it("stores in an external S3-compatible endpoint with the AWS credentials of the environment", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dilnaka-external-"));
    // A second s3rver stands in for the external endpoint; its bucket must exist already.
    const external = await startEmbeddedStore(dir);
    const s = await startDevServer({
      env: {
        S3_ENDPOINT: external.endpoint,
        S3_BUCKET: "dilnaka-dev",
        S3_REGION: "us-east-1",
        AWS_ACCESS_KEY_ID: EMBEDDED_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: EMBEDDED_CREDENTIALS.secretAccessKey,
      },
    });
    try {
      expect(s.storeUrl).toBe(external.endpoint);
      const ext = client(s.baseUrl, s.apiKey);
      const presign = await ext.presign({ filename: "x.bin", contentType: "application/octet-stream", size: 1000 });
      expect(presign.body.uploadUrl.startsWith(`${external.endpoint}/dilnaka-dev/`)).toBe(true);
      const f = await uploadFile(ext, 1000, { seed: 9 });
      const { body } = await ext.accessUrl(f.fileId);
      const got = await download(body.url);
      expect(got.sha256).toBe(await sha256OfStream(patternStream(1000, 9)));
    } finally {
      await s.stop();
      await external.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
