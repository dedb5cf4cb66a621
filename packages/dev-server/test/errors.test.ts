import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevServer, type DevServer } from "../src/index.js";
import { call, client, dev } from "./helpers/api.js";
import { patternStream, rawPut } from "./helpers/bytes.js";
import { uploadFile } from "./helpers/upload.js";

let server: DevServer;
let api: ReturnType<typeof client>;
const text = { filename: "a.txt", contentType: "text/plain", size: 3 };

beforeAll(async () => {
  server = await startDevServer();
  api = client(server.baseUrl, server.apiKey);
});
afterAll(() => server?.stop());

describe("400 invalid_request", () => {
  it("for a body that is not JSON, or not an object", async () => {
    const notJson = await call(server.baseUrl, "createPresignedUpload", "POST", "/v1/uploads/presign", {
      key: server.apiKey,
      rawBody: "{filename:",
    });
    expect(notJson.status).toBe(400);
    expect(notJson.body).toEqual({ success: false, error: "invalid_request", message: "The request body is not valid JSON." });
    const array = await call(server.baseUrl, "completeUpload", "POST", "/v1/uploads/complete", { key: server.apiKey, body: [] });
    expect(array.status).toBe(400);
  });

  it("for query parameters outside the spec's bounds", async () => {
    const f = await uploadFile(api, 1);
    for (const q of ["?expiresIn=0", "?expiresIn=604801", "?expiresIn=1.5", "?expiresIn=abc"]) {
      const res = await api.accessUrl(f.fileId, q);
      expect(res.status, q).toBe(400);
      expect(res.body.message).toBe("expiresIn must be an integer between 1 and 604800.");
    }
    expect((await api.accessUrl(f.fileId, "?expiresIn=604800")).body.expiresIn).toBe(604800);
    expect((await api.list("?limit=0")).status).toBe(400);
    expect((await api.list("?limit=1001")).status).toBe(400);
    expect((await api.list("?cursor=bm9wZQ")).status).toBe(400);
  });
});

describe("401 unauthorized", () => {
  it.each([
    ["no header", undefined],
    ["a key without the dlk_ prefix", "sk_live_abcdefghijkl"],
    ["an unknown dlk_dev_ key", "dlk_dev_thisKeyWasNeverIssued"],
    ["an unknown dlk_live_ key", "dlk_live_thisKeyWasNeverIssued"],
  ])("for %s", async (_label, key) => {
    const res = await call(server.baseUrl, "listFiles", "GET", "/v1/files", { key });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ success: false, error: "unauthorized", message: "Missing or invalid API key." });
  });
});

describe("403 forbidden", () => {
  it("for a read-only key that presigns or deletes, and for another app's file", async () => {
    const f = await uploadFile(api, 2);
    const { apiKey: readOnly } = await dev(server.baseUrl, "/__dev/keys", { canWrite: false });
    const ro = client(server.baseUrl, readOnly);
    expect((await ro.presign(text)).status).toBe(403);
    expect((await ro.remove(f.fileId)).status).toBe(403);
    expect((await ro.get(f.fileId)).status).toBe(200);

    const { apiKey: otherApp } = await dev(server.baseUrl, "/__dev/keys", { sameApp: false });
    const other = client(server.baseUrl, otherApp);
    const denied = await other.accessUrl(f.fileId);
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual({ success: false, error: "forbidden", message: "This API key does not have access to this file." });
    expect((await other.remove(f.fileId)).status).toBe(403);
    expect((await other.get(f.fileId)).status).toBe(404);
    expect((await other.list()).body.files).toEqual([]);

    const { apiKey: live } = await dev(server.baseUrl, "/__dev/keys", { live: true });
    expect(live).toMatch(/^dlk_live_/);
    expect((await client(server.baseUrl, live).get(f.fileId)).status).toBe(200);
  });
});

describe("404 not_found", () => {
  it("for unknown ids and ids that try to traverse paths", async () => {
    expect((await api.get("cnosuchfile")).body).toEqual({ success: false, error: "not_found", message: "File not found." });
    expect((await api.complete("cnosuchfile")).status).toBe(404);
    expect((await api.accessUrl("cnosuchfile")).status).toBe(404);
    expect((await api.remove("cnosuchfile")).status).toBe(404);
    for (const id of ["..%2F..%2Fetc%2Fpasswd", "a%00b", "%E0%A4%A"]) {
      expect((await api.get(id)).status, id).toBe(404);
    }
  });
});

describe("409 conflicts", () => {
  it("complete without a PUT → upload_incomplete; repeated complete → the same file", async () => {
    const presign = await api.presign(text);
    const early = await api.complete(presign.body.fileId);
    expect(early.status).toBe(409);
    expect(early.body).toEqual({
      success: false,
      error: "upload_incomplete",
      message: "No object was uploaded for this file. PUT the bytes to uploadUrl, then complete.",
    });
    const pending = await api.accessUrl(presign.body.fileId);
    expect(pending.status).toBe(409);
    expect(pending.body).toEqual({ success: false, error: "file_not_uploaded", message: "This file has not been completed yet." });

    await rawPut(presign.body.uploadUrl, presign.body.headers, 3, patternStream(3));
    const first = await api.complete(presign.body.fileId);
    const second = await api.complete(presign.body.fileId);
    expect(first.status).toBe(200);
    expect(second.body).toEqual(first.body);
  });

  it("complete after a PUT of another size → size_mismatch", async () => {
    const presign = await api.presign({ ...text, size: 94 });
    // The size is not signed, so the store takes 10 bytes; complete compares with the store.
    await rawPut(presign.body.uploadUrl, presign.body.headers, 10, patternStream(10));
    const res = await api.complete(presign.body.fileId);
    expect(res.status).toBe(409);
    expect(res.body).toEqual({
      success: false,
      error: "size_mismatch",
      message: "The stored object has 10 bytes but 94 were announced.",
    });
  });
});

describe("422 validation_error", () => {
  it.each([
    [{ contentType: "text/plain", size: 1 }, "filename: is required."],
    [{ ...text, size: -1 }, "size: must be >= 0."],
    [{ ...text, size: 1.5 }, "size: must be integer."],
    [{ ...text, filename: "" }, "filename: must NOT have fewer than 1 characters."],
    [{ ...text, contentType: "not a type" }, "contentType: must be a MIME type like text/plain or image/png."],
    [{ ...text, metadata: { n: 1 } }, "metadata.n: must be string."],
    [{ ...text, folder: "../etc" }, 'folder: must not contain ".." segments.'],
    [{ ...text, folder: "a/../../b" }, 'folder: must not contain ".." segments.'],
    [{ ...text, folder: "/abs" }, 'folder: must be relative (no leading "/").'],
    [{ ...text, folder: "a\u0000b" }, "folder: must not contain control characters."],
    [{ ...text, folder: "a\\..\\b" }, 'folder: must not contain "\\".'],
    [{ ...text, filename: "evil\nname.txt" }, "filename: must not contain control characters."],
  ])("presign %j → %s", async (body, message) => {
    const res = await api.presign(body);
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ success: false, error: "validation_error", message });
  });

  it("keeps only a safe file name in the key", async () => {
    const res = await api.presign({ ...text, filename: "../../Ünïcode résumé (1).PDF", folder: "team docs/2026" });
    expect(res.body.fileKey).toMatch(new RegExp(`^team-docs/2026/\\d{4}/\\d{2}/${res.body.fileId}-Unicode-resume-1.PDF$`));
  });
});

describe("5xx and request bodies", () => {
  it("answers 503 service_unavailable with Retry-After when the store does not answer", async () => {
    const s = await startDevServer({
      env: { S3_ENDPOINT: "http://127.0.0.1:9", S3_BUCKET: "gone", AWS_ACCESS_KEY_ID: "x", AWS_SECRET_ACCESS_KEY: "y" },
    });
    try {
      const health = await fetch(`${s.baseUrl}/healthz`);
      expect(health.status).toBe(503);
      expect(health.headers.get("retry-after")).toBe("1");
      const down = client(s.baseUrl, s.apiKey);
      const presign = await down.presign(text);
      expect(presign.status).toBe(200);
      const res = await down.complete(presign.body.fileId);
      expect(res.status).toBe(503);
      expect(res.body.error).toBe("service_unavailable");
    } finally {
      await s.stop();
    }
  });

  it("refuses API bodies over 64 KiB", async () => {
    const res = await fetch(`${server.baseUrl}/v1/uploads/presign`, {
      method: "POST",
      headers: { Authorization: `Bearer ${server.apiKey}`, "Content-Type": "application/json" },
      body: JSON.stringify({ ...text, metadata: { big: "x".repeat(70_000) } }),
    });
    expect(res.status).toBe(413);
    expect(res.headers.get("x-request-id")).toMatch(/^req_/);
  });
});
