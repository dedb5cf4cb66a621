// What a download checks once the last byte is in: the size, then the file's SHA-256 when it has
// one, whole-object or composite (`<base64>-<n>`, recomputed over parts of `file.partSize`). A
// mismatch is an IntegrityError; the caller then discards what it wrote.

import type { CreateSha256, Digests } from "../integrity/checksum.js";
import { compositeParts, digester } from "../integrity/checksum.js";
import { IntegrityError } from "../errors.js";
import type { DilnakaFile } from "../types.js";

export interface Verifier {
  update(chunk: Uint8Array): void;
  /** Throws IntegrityError on a mismatch; resolves with the checksum checked (or null when none was). */
  finish(received: number): Promise<string | null>;
}

/** `hash` false: only the size is checked (verify: false, or a browser stream, which cannot hash as it goes). */
export function verifier(file: DilnakaFile, create: CreateSha256, hash: boolean): Verifier {
  const expected = file.checksumSha256 ?? null;
  const parts = expected === null ? undefined : compositeParts(expected);
  // A composite checksum needs the part size to be recomputed; without one it cannot be checked.
  const checkable = hash && expected !== null && (parts === undefined || !!file.partSize);
  const d = checkable ? (parts === undefined ? digester(create) : digester(create, file.partSize!, { whole: false })) : undefined;
  return {
    update: (chunk) => d?.update(chunk),
    async finish(received) {
      if (received !== file.size) {
        throw mismatch(file, "size_mismatch", `got ${received} bytes, the file has ${file.size}`);
      }
      if (!d) return null;
      const digests: Digests = await d.finish();
      const got = parts === undefined ? digests.sha256 : digests.composite!;
      if (got !== expected) {
        throw mismatch(file, "checksum_mismatch", `SHA-256 ${got}, stored ${expected}`);
      }
      return expected;
    },
  };
}

const mismatch = (file: DilnakaFile, code: string, what: string) =>
  new IntegrityError(`download of ${file.id}: ${what}`, {
    code,
    fileId: file.id,
    hint: "The bytes were damaged on the way or in storage: download again; if it persists, upload the file again.",
  });
