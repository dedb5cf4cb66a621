import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startDevServer, type DevServer } from "../src/index.js";
import { EMBEDDED_CREDENTIALS, startEmbeddedStore } from "../src/store/embedded.js";
import { client, dev } from "./helpers/api.js";
import { rawPut, type RawResponse } from "./helpers/bytes.js";
import { Readable } from "node:stream";

let server: DevServer;
let api: ReturnType<typeof client>;
const body = Buffer.from("hello, dilnaka\n");
const sum = (b: Buffer) => createHash("sha256").update(b).digest("base64");
const BAD_DIGEST =
  '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>BadDigest</Code><Message>The SHA256 you specified did not match the calculated checksum.</Message></Error>';

beforeAll(async () => {
  server = await startDevServer({ faults: true });
  api = client(server.baseUrl, server.apiKey);
});
afterAll(() => server?.stop());
beforeEach(() => dev(server.baseUrl, "/__dev/faults", undefined, "DELETE"));

const put = (url: string, headers: Record<string, string>, bytes: Buffer): Promise<RawResponse> =>
  rawPut(url, headers, bytes.length, Readable.from([bytes]));
const presign = (extra: Record<string, unknown> = {}, c = api) =>
  c.presign({ filename: "hello.txt", contentType: "text/plain", size: body.length, ...extra });
const fetchBytes = async (c: typeof api, fileId: string) =>
  Buffer.from(await (await fetch((await c.accessUrl(fileId)).body.url)).arrayBuffer());

describe("createPresignedUpload with checksumSha256", () => {
  it("signs x-amz-checksum-sha256 as a header of the URL and returns it in headers", async () => {
    const { status, body: p } = await presign({ checksumSha256: sum(body) });
    expect(status).toBe(200);
    expect(p.headers).toEqual({ "Content-Type": "text/plain", "x-amz-checksum-sha256": sum(body) });
    const url = new URL(p.uploadUrl);
    expect(url.searchParams.get("X-Amz-SignedHeaders")).toBe("content-type;host;x-amz-checksum-sha256");
    expect(url.searchParams.has("x-amz-checksum-sha256")).toBe(false);
  });

  it("the matching body is stored; complete, getFile and listFiles return its checksumSha256 and partSize null", async () => {
    const { body: p } = await presign({ checksumSha256: sum(body) });
    expect((await put(p.uploadUrl, p.headers, body)).status).toBe(200);
    const done = await api.complete(p.fileId);
    expect(done.body).toMatchObject({ status: "uploaded", checksumSha256: sum(body), partSize: null });
    expect((await api.get(p.fileId)).body.checksumSha256).toBe(sum(body));
    const listed = (await api.list()).body.files.find((f: { fileId: string }) => f.fileId === p.fileId);
    expect(listed).toMatchObject({ checksumSha256: sum(body), partSize: null });
    expect((await fetchBytes(api, p.fileId)).equals(body)).toBe(true);
  });

  it("a body of another digest is refused with S3's 400 BadDigest XML and nothing is stored", async () => {
    const { body: p } = await presign({ checksumSha256: sum(body) });
    const other = Buffer.from("hello, dilnakA\n");
    const refused = await put(p.uploadUrl, p.headers, other);
    expect(refused.status).toBe(400);
    expect(refused.headers["content-type"]).toBe("application/xml");
    expect(refused.body.toString()).toBe(BAD_DIGEST);
    expect((await api.complete(p.fileId)).body.error).toBe("upload_incomplete");
    expect((await put(p.uploadUrl, p.headers, body)).status).toBe(200);
    expect((await api.complete(p.fileId)).status).toBe(200);
  });

  it("a refused body leaves an object already stored under the key intact", async () => {
    const { body: p } = await presign({ checksumSha256: sum(body) });
    expect((await put(p.uploadUrl, p.headers, body)).status).toBe(200);
    expect((await put(p.uploadUrl, p.headers, Buffer.alloc(body.length, 120))).status).toBe(400);
    await api.complete(p.fileId);
    expect((await fetchBytes(api, p.fileId)).equals(body)).toBe(true);
  });

  it("without the signed header, or with another value, the PUT fails the signature (403), as on S3", async () => {
    const { body: p } = await presign({ checksumSha256: sum(body) });
    const without = await put(p.uploadUrl, { "Content-Type": "text/plain" }, body);
    expect(without.status).toBe(403);
    expect(without.body.toString()).toContain("<Code>SignatureDoesNotMatch</Code>");
    const other = Buffer.from("other bytes....");
    const swapped = await put(p.uploadUrl, { ...p.headers, "x-amz-checksum-sha256": sum(other) }, other);
    expect(swapped.status).toBe(403);
    expect((await api.complete(p.fileId)).body.error).toBe("upload_incomplete");
  });

  it("a byte corrupted on the way (store fault corruptByte) is refused with BadDigest; the retry passes", async () => {
    const { body: p } = await presign({ checksumSha256: sum(body) });
    await dev(server.baseUrl, "/__dev/faults", { target: "store", operation: "put", corruptByte: 7 });
    const refused = await put(p.uploadUrl, p.headers, body);
    expect([refused.status, refused.body.toString()]).toEqual([400, BAD_DIGEST]);
    expect((await put(p.uploadUrl, p.headers, body)).status).toBe(200);
    expect((await api.complete(p.fileId)).body.checksumSha256).toBe(sum(body));
  });

  it("without checksumSha256: no checksum header, the file's checksumSha256 is null", async () => {
    const { body: p } = await presign();
    expect(p.headers).toEqual({ "Content-Type": "text/plain" });
    await put(p.uploadUrl, p.headers, body);
    expect((await api.complete(p.fileId)).body).toMatchObject({ checksumSha256: null, partSize: null });
  });

  it.each([
    ["not base64", "abc"],
    ["hex, not base64", createHash("sha256").update(body).digest("hex")],
    ["44 characters whose padding bits are not zero", `${sum(body).slice(0, 42)}B=`],
    ["a number", 5],
  ])("422 validation_error naming checksumSha256 for %s", async (_name, value) => {
    const res = await presign({ checksumSha256: value });
    expect(res.status).toBe(422);
    expect(res.body.error).toBe("validation_error");
    expect(res.body.message).toMatch(/^checksumSha256: /);
  });
});

describe("the store checks x-amz-checksum-sha256 even when it is not signed, as S3 does", () => {
  it("a wrong value is BadDigest, a malformed one S3's 400 InvalidRequest", async () => {
    const { body: p } = await presign();
    const wrong = await put(p.uploadUrl, { ...p.headers, "x-amz-checksum-sha256": sum(Buffer.from("x")) }, body);
    expect([wrong.status, wrong.body.toString()]).toEqual([400, BAD_DIGEST]);
    const malformed = await put(p.uploadUrl, { ...p.headers, "x-amz-checksum-sha256": "nope" }, body);
    expect(malformed.status).toBe(400);
    expect(malformed.body.toString()).toContain("<Code>InvalidRequest</Code><Message>Value for x-amz-checksum-sha256 header is invalid.</Message>");
    expect((await api.complete(p.fileId)).body.error).toBe("upload_incomplete");
  });
});

describe("checksums are durable", () => {
  it("a restarted server on the same data dir still returns the file's checksumSha256", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "dilnaka-checksum-"));
    try {
      let s = await startDevServer({ dataDir });
      const c = client(s.baseUrl, s.apiKey);
      const { body: p } = await presign({ checksumSha256: sum(body) }, c);
      await put(p.uploadUrl, p.headers, body);
      await c.complete(p.fileId);
      await s.stop();
      s = await startDevServer({ dataDir });
      expect((await client(s.baseUrl, s.apiKey).get(p.fileId)).body.checksumSha256).toBe(sum(body));
      await s.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe("external store (S3_ENDPOINT)", () => {
  it("the URL points at the store with the checksum signed; that store refuses another body", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dilnaka-external-"));
    const external = await startEmbeddedStore(dir); // an S3 that verifies checksums, standing in for AWS
    const s = await startDevServer({
      env: {
        S3_ENDPOINT: external.endpoint,
        S3_BUCKET: "dilnaka-dev",
        AWS_ACCESS_KEY_ID: EMBEDDED_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: EMBEDDED_CREDENTIALS.secretAccessKey,
      },
    });
    try {
      const c = client(s.baseUrl, s.apiKey);
      const { body: p } = await presign({ checksumSha256: sum(body) }, c);
      expect(p.uploadUrl.startsWith(external.endpoint)).toBe(true);
      expect(new URL(p.uploadUrl).searchParams.get("X-Amz-SignedHeaders")).toContain("x-amz-checksum-sha256");
      expect((await put(p.uploadUrl, p.headers, Buffer.alloc(body.length))).status).toBe(400);
      expect((await put(p.uploadUrl, { "Content-Type": "text/plain" }, body)).status).toBe(403);
      expect((await put(p.uploadUrl, p.headers, body)).status).toBe(200);
      expect((await c.complete(p.fileId)).body.checksumSha256).toBe(sum(body));
    } finally {
      await s.stop();
      await external.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
