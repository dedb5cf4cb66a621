// Resolving what the caller passed to `upload()` into a size, a name and a body that can be sent
// (and re-sent, when the PUT is retried). This file handles the kinds every runtime has (bytes,
// Blob, web ReadableStream); the Node entry adds paths and Node streams (source-node.ts).

import { ValidationError } from "../errors.js";

/** Anything `upload()` accepts; Node adds file paths and `stream.Readable`. */
export type BinarySource = Uint8Array | ArrayBuffer | Blob | ReadableStream<Uint8Array>;

export type ResolvedSource =
  | { kind: "bytes"; size: number; bytes: Uint8Array; name?: undefined; type?: undefined; reopenable: true; cleanup?: undefined }
  | { kind: "blob"; size: number; blob: Blob; name?: string; type?: string; reopenable: true; cleanup?: undefined }
  | {
      kind: "path";
      size: number;
      path: string;
      /** Where the bytes start in the file (a multipart part is a range of it). Default 0. */
      offset?: number;
      /** The file's modification time (whole ms), checked before a resume. */
      mtimeMs?: number;
      name?: string;
      type?: undefined;
      reopenable: true;
      cleanup?: () => Promise<void>;
    }
  | {
      kind: "stream";
      /** Undefined for a stream of unknown length (uploaded in parts as it arrives). */
      size: number | undefined;
      /** A one-shot stream: read once, so a failed single PUT cannot be retried. */
      stream: AsyncIterable<Uint8Array>;
      name?: undefined;
      type?: undefined;
      reopenable: false;
      cleanup?: () => Promise<void>;
    };

export const SOURCE_KINDS = "a file path (Node), bytes (Buffer, Uint8Array, ArrayBuffer), a Blob/File, a web ReadableStream or a Node Readable";

export function isWebReadableStream(value: unknown): value is ReadableStream<Uint8Array> {
  return typeof (value as ReadableStream | null)?.getReader === "function";
}

/** Bytes and Blobs, the kinds that need no platform help; undefined for anything else. */
export function resolveInMemorySource(source: unknown, declaredSize: number | undefined): ResolvedSource | undefined {
  let resolved: ResolvedSource | undefined;
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) {
    // Any typed array or DataView is sent as its bytes, without a copy.
    const bytes = ArrayBuffer.isView(source) ? new Uint8Array(source.buffer, source.byteOffset, source.byteLength) : new Uint8Array(source);
    resolved = { kind: "bytes", size: bytes.byteLength, bytes, reopenable: true };
  } else if (typeof Blob !== "undefined" && source instanceof Blob) {
    resolved = { kind: "blob", size: source.size, blob: source, name: (source as File).name || undefined, type: source.type || undefined, reopenable: true };
  }
  if (resolved && declaredSize !== undefined && declaredSize !== resolved.size) {
    throw new ValidationError("size", `upload: size is ${declaredSize} but the source has ${resolved.size} bytes; omit size.`);
  }
  return resolved;
}

export function unsupportedSource(source: unknown): ValidationError {
  const what = source === null ? "null" : ((source as object | undefined)?.constructor?.name ?? typeof source);
  return new ValidationError("source", `upload: cannot upload ${what}`, { hint: `Pass ${SOURCE_KINDS}.` });
}
