// The Node entry's SHA-256: node:crypto, incremental, so a body of any size is hashed as it
// streams; and the digest of an upload source, a file range read in 1 MiB chunks included.

import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { digestInMemory, toBase64, type Sha256 } from "./checksum.js";
import type { ResolvedSource } from "../upload/source.js";

export function nodeSha256(): Sha256 {
  const hash = createHash("sha256");
  return {
    update: (chunk) => void hash.update(chunk),
    digest: async () => hash.digest(),
  };
}

/** base64 SHA-256 of a source that can be read again: a file (or a part's range of it), bytes, a Blob. */
export async function nodeDigest(source: ResolvedSource): Promise<string> {
  if (source.kind !== "path") return (await digestInMemory(nodeSha256, source))!;
  const hash = createHash("sha256");
  if (source.size > 0) {
    const start = source.offset ?? 0;
    for await (const chunk of createReadStream(source.path, { start, end: start + source.size - 1, highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  }
  return toBase64(hash.digest());
}
