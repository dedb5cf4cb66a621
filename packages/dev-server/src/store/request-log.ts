import type { IncomingMessage, ServerResponse } from "node:http";

/** One request the store front saw (`GET /__dev/store-requests`). */
export interface StoreRequest {
  method: string;
  /** The object key (bucket removed), null for a request without one. */
  key: string | null;
  uploadId: string | null;
  partNumber: number | null;
  /** The `Range` header as sent (GET/HEAD), null without one. */
  range: string | null;
  /**
   * The status line sent; null while in flight or when the socket was dropped before any answer
   * (a GET cut mid-body keeps its 200/206: compare `responseBytes` with the size to tell).
   */
  status: number | null;
  /** Request body bytes received from the client. */
  bytes: number;
  /** Response body bytes sent (0 for a HEAD or an empty answer). */
  responseBytes: number;
}

/** Enough for any test or benchmark here (a 6 GiB upload in 5 MiB parts is 1,229 requests). */
const MAX_ENTRIES = 100_000;

/**
 * Every request of the store front, oldest first, so SDK tests can count the PUTs an upload made
 * (e.g. that a resumed upload sent only the missing parts). Always on; entries are filled in as
 * the request ends.
 */
export class StoreRequestLog {
  private entries: StoreRequest[] = [];

  /** Starts an entry for `req` and keeps its body byte count and final status up to date. */
  track(req: IncomingMessage, res: ServerResponse, target: { key: string | null; uploadId: string | null; partNumber: number | null }): void {
    const { key, uploadId, partNumber } = target;
    const range = typeof req.headers.range === "string" ? req.headers.range : null;
    const entry: StoreRequest = { method: req.method ?? "GET", key, uploadId, partNumber, range, status: null, bytes: 0, responseBytes: 0 };
    this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES) this.entries.shift();
    // Every body chunk the HTTP parser reads goes through push(): count them as they arrive,
    // without consuming the stream (s3rver reads it later).
    const push = req.push.bind(req);
    req.push = (chunk: unknown, encoding?: BufferEncoding) => {
      if (chunk) entry.bytes += (chunk as Buffer).length;
      return push(chunk, encoding);
    };
    // The status is recorded as soon as the status line goes out (first write/end), not on
    // "finish": a client can read the whole body and ask for this log before "finish" fires.
    countResponseBody(res, (n) => {
      entry.responseBytes += n;
      if (entry.status === null && res.headersSent) entry.status = res.statusCode;
    });
    res.on("finish", () => (entry.status = res.statusCode));
    res.on("close", () => {
      if (entry.status === null && res.headersSent) entry.status = res.statusCode;
    });
  }

  list(): StoreRequest[] {
    return this.entries.map((e) => ({ ...e }));
  }

  clear(): void {
    this.entries = [];
  }
}

/** Counts the body bytes handed to `res.write`/`res.end` (what faults installed later let through). */
function countResponseBody(res: ServerResponse, add: (n: number) => void): void {
  const size = (chunk: unknown, encoding: unknown) =>
    typeof chunk === "string" ? Buffer.byteLength(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8") : Buffer.isBuffer(chunk) || chunk instanceof Uint8Array ? chunk.length : 0;
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.write = ((...args: unknown[]) => {
    const ok = write(...args);
    add(size(args[0], args[1]));
    return ok;
  }) as ServerResponse["write"];
  res.end = ((...args: unknown[]) => {
    const out = end(...args);
    add(typeof args[0] !== "function" ? size(args[0], args[1]) : 0);
    return out;
  }) as ServerResponse["end"];
}

/** `/<bucket>/<key…>?uploadId=…&partNumber=…` → the parts of a path-style S3 request. */
export function parseStoreTarget(rawUrl: string | undefined): { key: string | null; uploadId: string | null; partNumber: number | null; partNumberRaw: string | null } {
  const url = new URL(rawUrl ?? "/", "http://store");
  const segments = url.pathname.split("/").slice(2); // ["", bucket, ...key]
  let key: string | null = null;
  try {
    key = segments.length && segments.join("/") !== "" ? decodeURIComponent(segments.join("/")) : null;
  } catch {
    key = segments.join("/");
  }
  const partNumberRaw = url.searchParams.get("partNumber");
  const n = partNumberRaw === null ? NaN : Number(partNumberRaw);
  return {
    key,
    uploadId: url.searchParams.get("uploadId"),
    partNumber: Number.isInteger(n) ? n : null,
    partNumberRaw,
  };
}
