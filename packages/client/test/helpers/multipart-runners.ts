// Runners for the multipart scenario files (spec/scenarios/multipart-*.json, resume-state.json):
// each case goes through the real client of the entry under test, with only fetch injected
// (test/helpers/fake-backend.ts) and a real local HTTP storage for the PUTs (test/helpers/storage.ts).

import { createHash } from "node:crypto";
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, utimesSync, writeFileSync, ftruncateSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, vi } from "vitest";
import * as nodeSdk from "../../src/index.js";
import * as browserSdk from "../../src/browser.js";
import { BASE, KEY, json, wireFile } from "./fake-fetch.js";
import { fakeBackend } from "./fake-backend.js";
import type { startStorage } from "./storage.js";

type Storage = Awaited<ReturnType<typeof startStorage>>;
type Sdk = typeof nodeSdk | typeof browserSdk;
const MiB = 1024 * 1024;

/** A file of `size` bytes (sparse: a 6 GiB one costs nothing) in `dir`. */
function sizedFile(dir: string, name: string, size: number): string {
  const path = join(dir, name);
  const fd = openSync(path, "w");
  ftruncateSync(fd, size);
  closeSync(fd);
  return path;
}

/** A Blob that claims `size` bytes without holding them: a big File, for a decision made before any read. */
function sizedBlob(size: number): Blob {
  if (size <= 16 * MiB) return new Blob([new Uint8Array(size)]);
  return new (class extends Blob {
    override get size() {
      return size;
    }
  })([]);
}

const caught = (promise: Promise<unknown>): Promise<{ value?: unknown; error?: nodeSdk.DilnakaError }> =>
  promise.then((value) => ({ value }), (error: nodeSdk.DilnakaError) => ({ error }));

function expectError(error: any, want: any) {
  expect(error?.constructor.name).toBe(want.class.typescript);
  if (want.field) expect(error.field).toBe(want.field);
  if (want.code) expect(error.code).toBe(want.code);
  if (want.status) expect(error.status).toBe(want.status);
  if (want.messageContains) expect(error.message).toContain(want.messageContains);
}

export function multipartRunners(env: { storage: () => Storage; scratch: string; entry: () => "node" | "browser" }) {
  const sdk = (): Sdk => (env.entry() === "node" ? nodeSdk : browserSdk);
  const client = (fetch: typeof globalThis.fetch, options: Record<string, unknown> = {}) =>
    new (sdk().Dilnaka)({ apiKey: KEY, baseURL: BASE, fetch, envFile: false, ...options } as never);
  /** Node uploads a file path; the browser entry, which has none, a Blob of the same size. */
  const source = (name: string, size: number) => (env.entry() === "node" ? sizedFile(env.scratch, name, size) : sizedBlob(size));

  return {
    async "multipart-plan.json"(given: any, want: any) {
      const run = () => sdk().planUpload(given.size, given.options);
      if (want.error) {
        let error: unknown;
        try {
          run();
        } catch (e) {
          error = e;
        }
        return expectError(error, want.error);
      }
      const plan = run();
      expect(plan.multipart).toBe(want.multipart);
      if (want.multipart) expect({ partSize: plan.partSize, partCount: plan.partCount }).toEqual({ partSize: want.partSize, partCount: want.partCount });
    },

    async "multipart-fallback.json"(given: any, want: any) {
      const backend = fakeBackend(env.storage().url, { createMultipartUpload: [() => json(given.status, given.body)] });
      const c = client(backend.fetch, { maxRetries: 0 });
      const { value, error } = await caught(c.upload(source("fallback.bin", given.size) as never, { filename: "fallback.bin", multipartThreshold: 0 }));
      expect(backend.timeline(env.storage().received)).toEqual(want.requests);
      if (want.error) return expectError(error, want.error);
      expect(error).toBeUndefined();
      expect((value as nodeSdk.DilnakaFile).status).toBe(want.result);
    },

    async "multipart-part-retry.json"(given: any, want: any) {
      vi.spyOn(Math, "random").mockReturnValue(1); // the shortest backoff: 0.375 s, 0.75 s
      const storage = env.storage();
      for (const answer of given.answers) {
        storage.script.push(answer.connectionError ? { reset: true } : { status: answer.status, body: answer.body, headers: answer.headers });
      }
      const backend = fakeBackend(storage.url);
      const c = client(backend.fetch, { maxRetries: 2 });
      const bytes = "0123456789";
      const input = env.entry() === "node" ? sizedFile(env.scratch, "ten.bin", 0) : new Blob([bytes]);
      if (typeof input === "string") writeFileSync(input, bytes);
      const { value, error } = await caught(c.upload(input as never, { filename: "ten.bin", multipartThreshold: 0 }));
      const ops = backend.operations();
      expect(ops.filter((o) => o === "presignUploadParts")).toHaveLength(want.presignCalls);
      expect(storage.received).toHaveLength(want.putCalls);
      if (want.error) {
        expectError(error, want.error);
        expect(error!.fileId).toBe("f_1");
        expect(ops.includes("abortUpload")).toBe(want.aborted);
        expect(ops).not.toContain("completeUpload");
        return;
      }
      expect(error).toBeUndefined();
      expect((value as nodeSdk.DilnakaFile).status).toBe(want.result);
      expect(backend.seen.find((s) => s.operation === "completeUpload")!.body).toEqual({ fileId: "f_1", parts: [{ partNumber: 1, etag: '"etag-1"' }] });
    },

    async "resume-state.json"(given: any, want: any) {
      const stateDir = mkdtempSync(join(env.scratch, "state-"));
      vi.stubEnv("DILNAKA_STATE_DIR", stateDir);
      const dir = mkdtempSync(join(env.scratch, "src-"));
      const path = join(dir, "a.bin");
      writeFileSync(path, Buffer.alloc(12_582_912, 7));
      utimesSync(path, new Date(), new Date(given.mtimeMs));
      // The key of spec/upload-state.md, computed here independently of the SDK.
      const key = createHash("sha256").update(`v1\n${BASE}\n${path}\nuploads\na.bin`).digest("hex");
      const stateFile = join(stateDir, "uploads", `${key}.jsonl`);
      if (given.stateLines) {
        mkdirSync(join(stateDir, "uploads"), { recursive: true });
        const header = { fileId: "f_old", uploadId: "u_old", baseURL: BASE, folder: "uploads", filename: "a.bin" };
        const line = (l: any) => {
          if (typeof l === "string") return l;
          if (!l.$header) return JSON.stringify(l);
          const { $header: _, ...own } = l;
          return JSON.stringify({ ...header, ...own, source: { path, ...own.source } });
        };
        writeFileSync(stateFile, given.stateLines.map(line).join("\n") + "\n");
      }
      const storage = env.storage();
      const backend = fakeBackend(
        storage.url,
        { listUploadParts: [() => json(given.listParts.status, given.listParts.body)] },
        {
          createMultipartUpload: (b) => json(200, { fileId: "f_new", fileKey: `uploads/f_new-${b.filename}`, uploadId: "u_new", partSize: 5242880, partCount: 3, expiresIn: 86400 }),
          completeUpload: (b) => json(200, wireFile(b.fileId, { size: 12_582_912 })),
        },
      );
      const c = client(backend.fetch);
      const file = await c.upload(path as never, { resume: true, partSize: 5 * MiB, multipartThreshold: 0 });
      expect(file.status).toBe(want.result);
      expect(backend.operations()).toEqual(want.requests);
      const sent = storage.received.map((r) => Number(new URL(r.url, "http://x").searchParams.get("partNumber")));
      expect(sent.sort()).toEqual(want.sent);
      const completed = backend.seen.find((s) => s.operation === "completeUpload");
      expect(completed ? completed.body.parts.map((p: { etag: string }) => p.etag) : null).toEqual(want.completeParts);
      expect(existsSync(stateFile)).toBe(want.stateFileAfter);
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

export const nodeOnly = (file: string) => file === "resume-state.json";
export const scratchDir = () => mkdtempSync(join(tmpdir(), "dilnaka-mp-scenario-"));
