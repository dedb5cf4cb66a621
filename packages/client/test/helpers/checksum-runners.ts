// Runner for spec/scenarios/checksums.json, through the entry's real code with only fetch injected:
// the digester on the entry's own SHA-256 (node:crypto or crypto.subtle), fed in uneven chunks;
// an upload of the bytes (one PUT, or parts of `partSize` on a backend that echoes SHA256), whose
// presign and complete must carry the vectors' digests; and a download of a file stored with the
// vector's checksum (the composite one when parted), which must verify, and fail once a byte flips.

import { expect } from "vitest";
import * as nodeSdk from "../../src/index.js";
import * as browserSdk from "../../src/browser.js";
import { digester } from "../../src/integrity/checksum.js";
import { nodeSha256 } from "../../src/integrity/sha256-node.js";
import { browserSha256 } from "../../src/integrity/sha256-browser.js";
import { BASE, KEY, json, wireFile } from "./fake-fetch.js";
import { fakeBackend } from "./fake-backend.js";
import { downloadApi, type startObjectServer } from "./object-server.js";
import type { startStorage } from "./storage.js";

/** `repeat` written over and over, cut at `size` bytes. */
export function scenarioBytes({ repeat, size }: { repeat: string; size: number }): Uint8Array {
  const unit = new TextEncoder().encode(repeat);
  const bytes = new Uint8Array(size);
  for (let at = 0; at < size && unit.byteLength > 0; at += unit.byteLength) bytes.set(unit.subarray(0, Math.min(unit.byteLength, size - at)), at);
  return bytes;
}

interface Env {
  entry: () => "node" | "browser";
  storage: () => Awaited<ReturnType<typeof startStorage>>;
  objects: () => Awaited<ReturnType<typeof startObjectServer>>;
}

export function checksumRunners(env: Env) {
  const sdk = () => (env.entry() === "node" ? nodeSdk : browserSdk);
  const client = (fetch: typeof globalThis.fetch) => new (sdk().Dilnaka)({ apiKey: KEY, baseURL: BASE, fetch, envFile: false, maxRetries: 0 } as never);

  async function digests(given: any, want: any, bytes: Uint8Array) {
    const d = digester(env.entry() === "node" ? nodeSha256 : browserSha256, given.partSize);
    // 1 MiB + 7 bytes: never aligned with a 5 MiB part.
    for (let at = 0; at < bytes.byteLength; at += 1_048_583) d.update(bytes.subarray(at, at + 1_048_583));
    const got = await d.finish();
    expect(got.sha256).toBe(want.sha256);
    if (want.parts) expect({ parts: got.parts, composite: got.composite }).toEqual({ parts: want.parts, composite: want.composite });
  }

  async function upload(given: any, want: any, bytes: Uint8Array) {
    const backend = fakeBackend(env.storage().url, {}, {
      createMultipartUpload: (b) =>
        json(200, { fileId: "f_1", fileKey: "k", uploadId: "u_1", partSize: b.partSize, partCount: Math.max(1, Math.ceil(b.size / b.partSize)), expiresIn: 86400, checksumAlgorithm: b.checksumAlgorithm ?? null }),
    });
    const options = given.partSize ? { filename: "c.bin", multipartThreshold: 0, partSize: given.partSize, concurrency: 2 } : { filename: "c.bin" };
    await client(backend.fetch).upload(bytes as never, options);
    const bodies = (op: string) => backend.seen.filter((s) => s.operation === op).map((s) => s.body);
    if (!given.partSize) return void expect(bodies("createPresignedUpload")[0].checksumSha256).toBe(want.sha256);
    const signed = Object.assign({}, ...bodies("presignUploadParts").map((b) => b.checksums));
    expect(signed).toEqual(Object.fromEntries(want.parts.map((c: string, i: number) => [String(i + 1), c])));
    expect(bodies("completeUpload")[0].parts.map((p: { checksumSha256: string }) => p.checksumSha256)).toEqual(want.parts);
  }

  async function download(given: any, want: any, bytes: Uint8Array) {
    const objects = env.objects();
    objects.serve(bytes);
    const file = wireFile("f_c", { size: bytes.byteLength, checksumSha256: want.composite ?? want.sha256, partSize: given.partSize ?? null });
    const got = await client(downloadApi(file, objects.url).fetch).downloadBytes("f_c");
    expect(got.byteLength).toBe(bytes.byteLength);
    if (bytes.byteLength === 0) return;
    objects.script.push({ corruptByte: bytes.byteLength - 1 });
    const error = await client(downloadApi(file, objects.url).fetch).downloadBytes("f_c").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(sdk().IntegrityError);
  }

  return {
    async "checksums.json"(given: any, want: any) {
      const bytes = scenarioBytes(given.bytes);
      await digests(given, want, bytes);
      await upload(given, want, bytes);
      await download(given, want, bytes);
    },
  };
}
