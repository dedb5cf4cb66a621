// A real local HTTP "storage" for unit tests of the PUT: records what arrives (headers, byte count,
// SHA-256) and answers from a script (status, S3-style XML, connection reset, stall).

import { createHash } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type StorageAnswer =
  | { status: number; body?: string; headers?: Record<string, string>; early?: boolean }
  | { reset: true }
  | { stallMs: number };

export interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  bytes: number;
  sha256: string;
  complete: boolean;
}

export async function startStorage(script: StorageAnswer[] = []) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const answer = script.shift() ?? { status: 200 };
    const hash = createHash("sha256");
    const record: Received = { method: req.method!, url: req.url!, headers: req.headers, bytes: 0, sha256: "", complete: false };
    received.push(record);
    if ("status" in answer && answer.early) {
      res.writeHead(answer.status, answer.headers).end(answer.body ?? "");
      req.resume();
      return;
    }
    req.on("data", (chunk: Buffer) => {
      record.bytes += chunk.length;
      hash.update(chunk);
      if ("reset" in answer && record.bytes > 0) req.socket.destroy();
    });
    req.on("end", () => {
      record.complete = true;
      record.sha256 = hash.digest("hex");
      if ("reset" in answer) return req.socket.destroy();
      if ("stallMs" in answer) return setTimeout(() => res.end(), answer.stallMs);
      res.writeHead(answer.status, answer.headers).end(answer.body ?? "");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    script,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

export const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
