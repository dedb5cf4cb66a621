// Recovery from the temporary faults the published Python SDK survives none of: 503×2, 429 with
// Retry-After and a reset connection, on each step (presign, PUT, complete); and the failures that
// must surface with a fix (expired upload URL, exhausted retries, quotas).
import { afterEach, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import {
  InternalServerError, NotFoundError, QuotaExceededError, RateLimitError, StorageError, ValidationError, type DilnakaWarning,
} from "../../src/index.js";
import { devServer, sha256OfUrl } from "../helpers/dev-server.js";
import { createHash } from "node:crypto";

const server = devServer();
const client = server.client();
const bytes = randomBytes(3 * 1024 * 1024);
const sha = createHash("sha256").update(bytes).digest("hex");

afterEach(() => server.clear());

async function expectStored(fileId: string) {
  const access = await client.getFileAccessUrl(fileId);
  expect(await sha256OfUrl(access.url)).toEqual({ sha256: sha, bytes: bytes.length });
}

const steps = [
  ["presign", { target: "api", operation: "createPresignedUpload" }],
  ["PUT", { target: "store", operation: "put" }],
  ["complete", { target: "api", operation: "completeUpload" }],
] as const;
const faults = [
  ["503 twice", { status: 503, times: 2, retryAfter: 0 }],
  ["429 with Retry-After: 1", { status: 429, retryAfter: 1, times: 1 }],
  ["a reset connection", { reset: true, times: 1 }],
] as const;

describe.each(steps)("the %s step recovers on its own from", (_step, where) => {
  it.each(faults)("%s", async (name, fault) => {
    await server.arm({ ...where, ...fault });
    const started = Date.now();
    const file = await client.upload(bytes, { filename: "fault.bin" });
    expect(file.status).toBe("uploaded");
    if (name.startsWith("429")) expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(await server.pendingFaults()).toEqual([]); // the fault did hit this upload
    await expectStored(file.id);
  });
});

describe("failures that surface, with what to do", () => {
  it("an expired upload URL → StorageError with a hint; the upload is abandoned, no pending file lingers", async () => {
    await server.arm({ target: "store", operation: "put", expireUrl: true });
    const error = (await client.upload(bytes, { filename: "late.bin" }).catch((e: unknown) => e)) as StorageError;
    expect(error).toBeInstanceOf(StorageError);
    expect(error).toMatchObject({ status: 403, code: "AccessDenied" });
    expect(error.hint).toMatch(/expired.*upload\(\) again/);
    await expect(client.getFile(error.fileId!)).rejects.toBeInstanceOf(NotFoundError);
    for await (const f of client.listFiles({ status: "all" })) expect(f.id).not.toBe(error.fileId);
  });

  it("a URL presigned already expired is refused by the real store the same way", async () => {
    await server.arm({ target: "api", operation: "createPresignedUpload", expireUrl: true });
    const error = (await client.upload(bytes, { filename: "late2.bin" }).catch((e: unknown) => e)) as StorageError;
    expect(error).toBeInstanceOf(StorageError);
    expect(error.status).toBe(403);
    expect(error.hint).toMatch(/upload\(\) again/);
  });

  it("complete still failing after retries → the error carries fileId; completeUpload(fileId) finishes later", async () => {
    await server.arm({ target: "api", operation: "completeUpload", status: 503, times: 3, retryAfter: 0 });
    const error = (await client.upload(bytes, { filename: "later.bin" }).catch((e: unknown) => e)) as InternalServerError;
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.fileId).toMatch(/\w/);
    expect(error.message).toContain(`completeUpload("${error.fileId}")`);
    const file = await client.completeUpload(error.fileId!);
    expect(file.status).toBe("uploaded");
    await expectStored(file.id);
  });

  it("429 on an API call past maxRetries → RateLimitError with retryAfter", async () => {
    await server.arm({ target: "api", operation: "getFile", status: 429, retryAfter: 0, times: 5 });
    const error = (await server.client({ maxRetries: 1 }).getFile("nope").catch((e: unknown) => e)) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfter).toBe(0);
  });

  it("a response slower than timeout → TimeoutError", async () => {
    await server.arm({ target: "api", operation: "getFile", delayMs: 1000, times: 1 });
    const error = await server.client({ timeout: 300, maxRetries: 0 }).getFile("nope").catch((e: unknown) => e);
    expect((error as Error).name).toBe("TimeoutError");
  });
});

describe("files and quotas on the real backend", () => {
  it("list (paged), get, access URL, delete", async () => {
    const a = await client.upload(bytes, { filename: "a.bin", folder: "listing" });
    const b = await client.upload(bytes, { filename: "b.bin", folder: "listing" });
    const ids: string[] = [];
    for await (const f of client.listFiles({ limit: 2 })) ids.push(f.id);
    expect(ids).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(new Set(ids).size).toBe(ids.length);
    expect(await client.getFile(a.id)).toEqual(a);
    expect(await client.deleteFile(a.id)).toEqual({ success: true, fileId: a.id, deleted: true });
    await expect(client.getFile(a.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("free plan past its bandwidth → 402 bandwidth_limit_exceeded; pro past included → URL with the overage warning", async () => {
    const file = await client.upload(bytes, { filename: "quota.bin" });
    try {
      await server.usage({ plan: "free", bandwidthBytes: 6 * 1024 ** 3 });
      const error = (await client.getFileAccessUrl(file.id).catch((e: unknown) => e)) as QuotaExceededError;
      expect(error).toBeInstanceOf(QuotaExceededError);
      expect(error.code).toBe("bandwidth_limit_exceeded");

      await server.usage({ plan: "pro", bandwidthBytes: 60 * 1024 ** 3 });
      const warnings: DilnakaWarning[] = [];
      const access = await server.client({ onWarning: (w) => warnings.push(w) }).getFileAccessUrl(file.id, { expiresIn: 60 });
      expect(access.warning?.code).toBe("bandwidth_overage_active");
      expect(warnings).toEqual([access.warning]);
    } finally {
      await server.usage({ plan: "free", bandwidthBytes: 0 });
    }
  });

  it("bad input is refused before the network, even against a live server", async () => {
    await expect(client.getFileAccessUrl("x", { expiresIn: 0 })).rejects.toBeInstanceOf(ValidationError);
    await expect(client.upload("/definitely/not/here.txt")).rejects.toBeInstanceOf(ValidationError);
  });
});
