// What schemathesis found where the server and spec/openapi.yaml disagreed (issue #17), each pinned:
// the server answers what the spec declares, and never a 500, for inputs a fuzzer sends.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkContentType, checkFilename, normaliseFolder } from "../src/api/naming.js";
import { startDevServer, type DevServer } from "../src/index.js";
import { requestBodyValidator } from "../src/spec/openapi.js";
import { call, client } from "./helpers/api.js";
import { patternStream, rawPut } from "./helpers/bytes.js";
import { GiB } from "./helpers/multipart.js";

let server: DevServer;
let api: ReturnType<typeof client>;
const text = { filename: "a.txt", contentType: "text/plain", size: 3 };

beforeAll(async () => {
  server = await startDevServer({ plan: "pro" });
  api = client(server.baseUrl, server.apiKey);
});
afterAll(() => server?.stop());

/** node:http, because fetch refuses TRACE. */
function raw(method: string, path: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: any }> {
  return new Promise((resolve, reject) => {
    const req = http.request(server.baseUrl + path, { method, headers: { Authorization: `Bearer ${server.apiKey}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(Buffer.concat(chunks).toString() || "null") }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("an undeclared method on a known path", () => {
  it.each([
    ["TRACE", "/v1/uploads/presign", "POST, OPTIONS"],
    ["GET", "/v1/uploads/complete", "POST, OPTIONS"],
    ["TRACE", "/v1/uploads/multipart", "POST, OPTIONS"],
    ["PUT", "/v1/uploads/cabc/parts", "GET, POST, OPTIONS"],
    ["PATCH", "/v1/uploads/cabc", "DELETE, OPTIONS"],
    ["POST", "/v1/files", "GET, OPTIONS"],
    ["PUT", "/v1/files/cabc", "GET, DELETE, OPTIONS"],
    ["DELETE", "/v1/files/cabc/access-url", "GET, OPTIONS"],
  ])("%s %s → 405 with Allow: %s", async (method, path, allow) => {
    const res = await raw(method, path);
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe(allow);
    expect(res.body).toMatchObject({ success: false, error: "method_not_allowed" });
  });

  it("an unknown path stays 404", async () => {
    const res = await raw("TRACE", "/v1/nothing");
    expect(res.status).toBe(404);
    expect(res.headers.allow).toBeUndefined();
  });
});

describe("strings PostgreSQL cannot hold", () => {
  it("completeUpload with NUL and astral characters in fileId → 404, not 500 (schemathesis' example)", async () => {
    const body = '{"Jx\\udb30\\ude9b": [], "fileId": "\\u0019&\\udb2c\\udc31\\u00e4,\\u0000"}';
    const res = await call(server.baseUrl, "completeUpload", "POST", "/v1/uploads/complete", { key: server.apiKey, rawBody: body });
    expect([res.status, res.body.error]).toEqual([404, "not_found"]);
  });

  it("metadata with NUL, control and astral characters in keys and values is kept as sent", async () => {
    const metadata = { "k\u0000ey": "v\u0000al", tab: "a\tb", "😀": "\ud83d\ude00", plain: "x" };
    const presign = await api.presign({ ...text, metadata });
    expect(presign.status, JSON.stringify(presign.body)).toBe(200);
    const file = await api.get(presign.body.fileId);
    expect(file.body.metadata).toEqual(metadata);
  });
});

describe("a Content-Type the schema allows", () => {
  // s3rver and the AWS SDK fold tabs and runs of spaces differently when signing (SignatureDoesNotMatch,
  // a 500 at createMultipartUpload): the pattern allows neither, and what it allows signs the same.
  it.each(['a/b;c="x(y) !@=/"', "a/b ; c=d", "text/plain; charset=utf-8"])("%s is signed, PUT and completed", async (contentType) => {
    const presign = await api.presign({ ...text, contentType });
    expect(presign.status).toBe(200);
    const put = await rawPut(presign.body.uploadUrl, presign.body.headers, 3, patternStream(3));
    expect(put.status, put.body.toString()).toBe(200);
    expect((await api.complete(presign.body.fileId)).status).toBe(200);
    expect((await api.createMultipart({ ...text, contentType, size: 6 * 1024 * 1024 })).status).toBe(200);
  });
});

describe("keys from folders with nothing key-safe in a segment", () => {
  it("get a placeholder segment, so the pending upload can be aborted and a file deleted", async () => {
    const presign = await api.presign({ ...text, folder: "😀/!/a" });
    expect(presign.body.fileKey).toMatch(/^_\/_\/a\/\d{4}\/\d{2}\//);
    expect((await api.abort(presign.body.fileId)).status).toBe(200);
    const again = await api.presign({ ...text, folder: "😀" });
    expect((await api.remove(again.body.fileId)).status).toBe(200);
  });
});

describe("request bodies the schema allows reach validation", () => {
  it("completeUpload with 10,001 parts (~330 KB) → 422 for maxItems, not 413", async () => {
    const up = await api.createMultipart({ ...text, size: 6 * GiB });
    const parts = Array.from({ length: 10_001 }, (_, i) => ({ partNumber: (i % 10_000) + 1, etag: `"${"a".repeat(32)}"` }));
    const res = await call(server.baseUrl, "completeUpload", "POST", "/v1/uploads/complete", {
      key: server.apiKey,
      body: { fileId: up.body.fileId, parts },
    });
    expect([res.status, res.body.error]).toEqual([422, "validation_error"]);
    expect(res.body.message).toMatch(/^parts: /);
  });

  it("a body above 8 MiB → 413, as the spec declares", async () => {
    const res = await call(server.baseUrl, "completeUpload", "POST", "/v1/uploads/complete", {
      key: server.apiKey,
      rawBody: JSON.stringify({ fileId: "cabc", pad: "x".repeat(8 * 1024 * 1024) }),
    });
    expect(res.status).toBe(413);
  });

  it("presignUploadParts with a body above 64 KiB (1,000 parts and checksums, indented, reach ~69 KB) is answered", async () => {
    const up = await api.createMultipart({ ...text, size: 6 * GiB, partSize: 5 * 1024 * 1024, checksumAlgorithm: "SHA256" });
    const partNumbers = [1, 2, 3];
    const checksums = Object.fromEntries(partNumbers.map((n) => [String(n), "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="]));
    // Whitespace makes it as large as 1,000 entries would be, without presigning 1,000 URLs.
    const body = JSON.stringify({ partNumbers, checksums }) + " ".repeat(70_000);
    const res = await call(server.baseUrl, "presignUploadParts", "POST", `/v1/uploads/${up.body.fileId}/parts`, { key: server.apiKey, rawBody: body });
    expect(res.status).toBe(200);
    expect(res.body.parts).toHaveLength(3);
  });

  it("completing a multipart upload without parts → 409 parts_required (its state, not the body, is wrong)", async () => {
    const up = await api.createMultipart({ ...text, size: 6 * 1024 * 1024 });
    const res = await api.complete(up.body.fileId);
    expect([res.status, res.body.error]).toEqual([409, "parts_required"]);
  });
});

describe("the spec's patterns and the server's messages refuse the same values", () => {
  const corpus: Record<"filename" | "folder" | "contentType", string[]> = {
    filename: ["a", " ", "  ", " a ", "\u00a0", "a\n", "a\nb", "\u0000", "a\u007f", "\t", "a\r", "😀", "a\u0085", "日本.txt"],
    folder: ["uploads", "a/b", "a//", "a//b", "/a", ".", "..", "...", "a/.", "a/..", "a/./b", "./", "a\\b", "a\n", "/", "a/", "..a", "a/...", "a\u0000", "a/../b", "日本/x"],
    contentType: [
      "text/plain", "text/plain; charset=utf-8", 'a/b;c="utf-8"', "text/plain\n", "text/plain ; a=b", 'a/b;c="é"', "not a type",
      "a/b;\tq=1", "a/b;  q=1", 'a/b;c="x  y"', 'a/b;c="x(y) !"', "a/b;", 'a/b; c=""', "image/svg+xml",
    ],
  };
  const explain = { filename: checkFilename, folder: normaliseFolder, contentType: checkContentType };
  const schema = requestBodyValidator("createPresignedUpload");
  for (const [field, values] of Object.entries(corpus) as Array<[keyof typeof corpus, string[]]>) {
    it.each(values)(`${field} %j`, async (value) => {
      const bySchema = schema({ ...text, [field]: value }) as boolean;
      let byServer = true;
      try {
        explain[field](value);
      } catch {
        byServer = false;
      }
      expect(byServer).toBe(bySchema);
      const res = await api.presign({ ...text, [field]: value });
      expect(res.status).toBe(bySchema ? 200 : 422);
      // A refusal names the field in words, never the raw pattern.
      if (!bySchema) expect(res.body.message).not.toMatch(/pattern/);
    });
  }
});
