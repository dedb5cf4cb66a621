// Contract tests: every operation and every error status the spec declares, against a Prism mock of
// spec/openapi.yaml (run with `node ../../scripts/with-prism.mjs vitest run test/contract`). Prism
// validates our requests against the spec (a violation answers with `sl-violations`), and answers
// with the spec's own examples, so the SDK and the contract cannot drift apart.

import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { Dilnaka as BrowserDilnaka } from "../../src/browser.js";
import {
  APIError, AuthenticationError, BadRequestError, ConflictError, Dilnaka as NodeDilnaka, InternalServerError, NotFoundError, PayloadTooLargeError,
  PermissionDeniedError, QuotaExceededError, RateLimitError, UnprocessableEntityError,
} from "../../src/index.js";

const baseURL = process.env.DILNAKA_PRISM_URL ?? process.env.DILNAKA_BASE_URL;
if (!baseURL) throw new Error("run through scripts/with-prism.mjs: DILNAKA_BASE_URL is not set");
const KEY = "dlk_dev_contract_test_key_0001";

interface Spec {
  paths: Record<string, Record<string, { operationId?: string; responses?: Record<string, unknown> }>>;
}
const spec = parse(readFileSync(new URL("../../../../spec/openapi.yaml", import.meta.url), "utf8")) as Spec;

// Every test runs against both entries: Node (openapi-fetch) and browser (fetch-client.ts).
const ENTRIES = [["node", NodeDilnaka], ["browser", BrowserDilnaka]] as const;
type Dilnaka = NodeDilnaka | BrowserDilnaka;
let Dilnaka: typeof NodeDilnaka | typeof BrowserDilnaka = NodeDilnaka;

/** A client whose requests carry `Prefer` (to pick Prism's answer) and that records violations. */
function client(prefer?: string, maxRetries = 0) {
  const violations: string[] = [];
  let calls = 0;
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    if (prefer) request.headers.set("Prefer", prefer);
    calls++;
    const response = await globalThis.fetch(request);
    const violation = response.headers.get("sl-violations");
    if (violation) violations.push(violation);
    return response;
  };
  const c = new Dilnaka({ apiKey: KEY, baseURL, fetch, maxRetries, envFile: false });
  return { c, violations, calls: () => calls };
}

type Call = (c: Dilnaka) => Promise<unknown>;
const calls: Record<string, Call> = {
  createPresignedUpload: (c) => c.createPresignedUpload({ filename: "test.txt", contentType: "text/plain", size: 94, metadata: { owner: "ada" } }),
  completeUpload: (c) => c.completeUpload("clx_file_id"),
  listFiles: (c) => c.listFilesPage({ limit: 10, cursor: "abc" }),
  getFile: (c) => c.getFile("clx_file_id"),
  deleteFile: (c) => c.deleteFile("clx_file_id"),
  getFileAccessUrl: (c) => c.getFileAccessUrl("clx_file_id", { expiresIn: 600 }),
  createMultipartUpload: (c) => c.createMultipartUpload({ filename: "video.mp4", contentType: "video/mp4", size: 6442450944, folder: "videos", partSize: 16777216 }),
  presignUploadParts: (c) => c.presignUploadParts("clx_file_id", [1, 2, 3, 4]),
  listUploadParts: (c) => c.listUploadParts("clx_file_id"),
  abortUpload: (c) => c.abortUpload("clx_file_id"),
};

const CLASS_BY_STATUS: Record<string, new (...args: never[]) => APIError> = {
  "400": BadRequestError,
  "401": AuthenticationError,
  "402": QuotaExceededError,
  "403": PermissionDeniedError,
  "404": NotFoundError,
  "409": ConflictError,
  "413": PayloadTooLargeError,
  "422": UnprocessableEntityError,
  "429": RateLimitError,
  "500": InternalServerError,
  "503": InternalServerError,
};

const operations = Object.values(spec.paths).flatMap((item) =>
  Object.values(item).filter((op): op is { operationId: string; responses: Record<string, unknown> } => typeof op === "object" && !!op?.operationId),
);

describe.each(ENTRIES)("%s entry", (_entry, EntryClass) => {
  beforeAll(() => {
    Dilnaka = EntryClass;
  });

  describe("the SDK covers every operation of the spec", () => {
    it("has a call for each operationId", () => {
      expect(Object.keys(calls).sort()).toEqual(operations.map((op) => op.operationId).sort());
    });
  });

  describe.each(operations.map((op) => [op.operationId, op] as const))("%s", (operationId, op) => {
    it("succeeds with a request Prism finds valid", async () => {
      const { c, violations } = client();
      const result = await calls[operationId]!(c);
      expect(violations).toEqual([]);
      expect(result).toBeTruthy();
    });

    const errorStatuses = Object.keys(op.responses).filter((s) => Number(s) >= 400);
    it.each(errorStatuses)("%s → its typed error", async (status) => {
      const { c } = client(`code=${status}`);
      const error = (await calls[operationId]!(c).catch((e: unknown) => e)) as APIError;
      expect(error).toBeInstanceOf(CLASS_BY_STATUS[status]!);
      expect(error.status).toBe(Number(status));
      expect(error.code).toMatch(/^[a-z_]+$/);
      expect(error.requestId).toBeTruthy();
      expect(error.hint).toBeTruthy();
      expect(error.message).not.toContain(KEY);
    });
  });

  describe("multipart requests Prism finds valid", () => {
    it("a stream's createMultipartUpload without size, and its typed answer", async () => {
      const { c, violations } = client();
      const upload = await c.createMultipartUpload({ filename: "backup.tar", contentType: "application/x-tar", folder: "backups", partSize: 67108864 });
      expect(violations).toEqual([]);
      expect(upload).toMatchObject({ fileId: expect.any(String), uploadId: expect.any(String), partSize: expect.any(Number) });
    });

    it("completeUpload with parts", async () => {
      const { c, violations } = client();
      const parts = [{ partNumber: 1, etag: '"5d41402abc4b2a76b9719d911017c592"' }, { partNumber: 2, etag: '"7d793037a0760186574b0282f2f435e7"' }];
      await expect(c.completeUpload("clx_file_id", { parts })).resolves.toMatchObject({ status: "uploaded" });
      expect(violations).toEqual([]);
    });

    it("presigned parts and listed parts come back as the spec's shapes", async () => {
      const { c } = client();
      expect((await c.presignUploadParts("clx_file_id", [1]))[0]).toMatchObject({ partNumber: 1, method: "PUT", url: expect.stringMatching(/^https:/) });
      expect(await c.listUploadParts("clx_file_id")).toMatchObject({ parts: [{ partNumber: 1, etag: expect.any(String), size: expect.any(Number) }] });
      expect(await c.abortUpload("clx_file_id")).toEqual({ success: true, fileId: "clx_file_id", aborted: true });
    });

    it("listFiles with status=all", async () => {
      const { c, violations } = client();
      await c.listFilesPage({ status: "all", limit: 5 });
      expect(violations).toEqual([]);
    });
  });

  describe("checksum fields Prism finds valid (issue #16)", () => {
    const SHA = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
    it("presign with checksumSha256, multipart with checksumAlgorithm, parts with checksums, complete with checksumSha256", async () => {
      const { c, violations } = client();
      await c.createPresignedUpload({ filename: "a.txt", contentType: "text/plain", size: 0, checksumSha256: SHA });
      const upload = await c.createMultipartUpload({ filename: "v.mp4", contentType: "video/mp4", size: 12582912, partSize: 5242880, checksumAlgorithm: "SHA256" });
      expect(upload.checksumAlgorithm === undefined || ["SHA256", null].includes(upload.checksumAlgorithm)).toBe(true);
      await c.presignUploadParts("clx_file_id", [1, 2], { checksums: { 1: SHA, 2: SHA } });
      await c.completeUpload("clx_file_id", { parts: [{ partNumber: 1, etag: '"e1"', checksumSha256: SHA }, { partNumber: 2, etag: '"e2"', checksumSha256: SHA }] });
      expect(violations).toEqual([]);
    });

    it("a malformed checksum is refused before any request", async () => {
      const { c, calls } = client();
      await expect(c.createPresignedUpload({ filename: "a.txt", contentType: "text/plain", size: 0, checksumSha256: "abc" })).rejects.toMatchObject({ field: "checksumSha256" });
      await expect(c.presignUploadParts("clx_file_id", [1], { checksums: { 1: "nope" } })).rejects.toMatchObject({ field: "checksums" });
      expect(calls()).toBe(0);
    });
  });

  describe("answers with named examples", () => {
    it("bandwidth_overage_active reaches the result and onWarning", async () => {
      const warnings: unknown[] = [];
      const fetch = (input: RequestInfo | URL, init?: RequestInit) => {
        const request = new Request(input, init);
        request.headers.set("Prefer", "example=bandwidth_overage_active");
        return globalThis.fetch(request);
      };
      const c = new Dilnaka({ apiKey: KEY, baseURL, fetch, envFile: false, onWarning: (w) => warnings.push(w) });
      const access = await c.getFileAccessUrl("clx_file_id", { expiresIn: 1200 });
      expect(access).toMatchObject({ expiresIn: 1200, isTemporary: true, warning: { code: "bandwidth_overage_active" } });
      expect(warnings).toHaveLength(1);
    });

    it.each(["bandwidth_limit_exceeded", "bandwidth_hard_cap_reached"])("402 %s keeps the seed's code", async (code) => {
      const { c } = client(`code=402, example=${code}`);
      const error = (await c.getFileAccessUrl("clx_file_id").catch((e: unknown) => e)) as APIError;
      expect(error).toBeInstanceOf(QuotaExceededError);
      expect(error.code).toBe(code);
    });

    it("a retryable answer is retried maxRetries times before the typed error", async () => {
      const { c, calls: count } = client("code=503", 2);
      await expect(c.getFile("clx_file_id")).rejects.toBeInstanceOf(InternalServerError);
      expect(count()).toBe(3);
    });

    it("without a valid key Prism answers 401 → AuthenticationError", async () => {
      const c = new Dilnaka({
        apiKey: KEY,
        baseURL,
        envFile: false,
        fetch: (input, init) => {
          const request = new Request(input, init);
          request.headers.delete("Authorization");
          return globalThis.fetch(request);
        },
      });
      await expect(c.getFile("clx_file_id")).rejects.toBeInstanceOf(AuthenticationError);
    });
  });
});
