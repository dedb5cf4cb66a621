// The parts of a source of known size that can be read again (a file, bytes, a Blob): part n holds
// bytes [(n-1)*partSize, n*partSize). Nothing is copied or read here: a file part is a range the
// PUT reads from disk (again, on each retry), bytes a view, a Blob a slice.

import type { ResolvedSource } from "../source.js";
import type { MultipartSession, PartSource } from "./send.js";

/** Bytes in part `n` of a `size`-byte file. */
export const partBytes = (n: number, partSize: number, size: number) => Math.max(0, Math.min(partSize, size - (n - 1) * partSize));

export function slicePart(source: ResolvedSource, n: number, partSize: number): ResolvedSource {
  const start = (n - 1) * partSize;
  const end = start + partBytes(n, partSize, source.size!);
  const size = end - start;
  if (source.kind === "bytes") return { ...source, size, bytes: source.bytes.subarray(start, end) };
  if (source.kind === "blob") return { ...source, size, blob: source.blob.slice(start, end) };
  return { ...(source as Extract<ResolvedSource, { kind: "path" }>), size, offset: start, cleanup: undefined };
}

/** The parts of `source` storage does not hold yet, in ascending order. */
export function sliceParts(source: ResolvedSource, { partSize, done }: MultipartSession): PartSource {
  const count = Math.max(1, Math.ceil(source.size! / partSize));
  const order = Array.from({ length: count }, (_, i) => i + 1).filter((n) => !done.has(n));
  let i = 0;
  return {
    order,
    size: () => source.size,
    next: () => {
      const n = order[i++];
      return n === undefined ? undefined : { partNumber: n, source: slicePart(source, n, partSize) };
    },
  };
}
