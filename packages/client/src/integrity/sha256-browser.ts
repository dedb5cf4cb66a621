// The browser entry's SHA-256: crypto.subtle, which only digests a whole buffer, so the chunks are
// kept (not copied) until the digest. Browsers hash what they hold in memory anyway: bytes and
// Blobs to upload, the body of downloadBytes. A streamed download is not hashed there (README).

import type { Sha256 } from "./checksum.js";

export function browserSha256(): Sha256 {
  const chunks: Uint8Array[] = [];
  let size = 0;
  return {
    update(chunk) {
      chunks.push(chunk);
      size += chunk.byteLength;
    },
    async digest() {
      const all = chunks.length === 1 ? chunks[0]! : new Uint8Array(size);
      if (chunks.length !== 1) chunks.reduce((at, c) => (all.set(c, at), at + c.byteLength), 0);
      return new Uint8Array(await crypto.subtle.digest("SHA-256", all as Uint8Array<ArrayBuffer>));
    },
  };
}
