// A real local HTTP "storage" for unit tests of the PUT: records what arrives (headers, byte count,
// SHA-256) and answers from a script (status, S3-style XML, connection reset, stall). A part PUT
// (`?partNumber=n` in the URL) that is stored answers `ETag: "etag-n"`, as S3 answers an ETag.

import { createHash } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One scripted answer; with `part`, only for that part number's PUTs. */
export type StorageAnswer = { part?: number } & (
  | { status: number; body?: string; headers?: Record<string, string>; early?: boolean }
  | { reset: true; afterBytes?: number }
  | { stallMs: number }
);

export interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  bytes: number;
  sha256: string;
  complete: boolean;
  /** performance.now() when the request arrived. */
  at: number;
  /** The request's body, kept when `keepBodies` (for multipart tests that reassemble the parts). */
  body?: Buffer;
}

export async function startStorage(script: StorageAnswer[] = [], { keepBodies = false } = {}) {
  const received: Received[] = [];
  // How many requests were open at once, at most (a multipart upload's concurrency, as storage sees it).
  const load = { open: 0, max: 0 };
  const server: Server = createServer((req, res) => {
    load.max = Math.max(load.max, ++load.open);
    res.on("close", () => load.open--);
    const partNumber = new URL(req.url!, "http://x").searchParams.get("partNumber");
    const index = script.findIndex((a) => a.part === undefined || String(a.part) === partNumber);
    const answer = (index >= 0 ? script.splice(index, 1)[0] : undefined) ?? { status: 200 };
    const hash = createHash("sha256");
    const record: Received = { method: req.method!, url: req.url!, headers: req.headers, bytes: 0, sha256: "", complete: false, at: performance.now() };
    received.push(record);
    if ("status" in answer && answer.early) {
      res.writeHead(answer.status, answer.headers).end(answer.body ?? "");
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => {
      record.bytes += chunk.length;
      hash.update(chunk);
      if (keepBodies) chunks.push(chunk);
      if ("reset" in answer && record.bytes > (answer.afterBytes ?? 0)) req.socket.destroy();
    });
    req.on("end", () => {
      record.complete = true;
      record.sha256 = hash.digest("hex");
      if (keepBodies) record.body = Buffer.concat(chunks);
      if ("reset" in answer) return req.socket.destroy();
      if ("stallMs" in answer) return setTimeout(() => res.end(), answer.stallMs);
      const etag = partNumber && answer.status < 300 ? { etag: `"etag-${partNumber}"` } : {};
      res.writeHead(answer.status, { ...etag, ...answer.headers }).end(answer.body ?? "");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    script,
    load,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

export const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
