// A real local HTTP server that serves one object for download tests, honouring `Range` as S3
// does (206 + Content-Range, 416 past the end), with scripted faults per request: a reset after
// some bytes, a stall, a Range ignored (200), a flipped byte, or any status. Records each request's
// Range header.

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type ObjectFault =
  | { resetAfterBytes: number }
  | { stallAfterBytes: number; stallMs: number }
  | { ignoreRange: true }
  | { corruptByte: number }
  | { status: number; body?: string; headers?: Record<string, string> };

export async function startObjectServer(initial: Uint8Array) {
  let object = Buffer.from(initial);
  const script: ObjectFault[] = [];
  const ranges: Array<string | null> = [];
  const server: Server = createServer((req, res) => {
    ranges.push(req.headers.range ?? null);
    const fault = script.shift();
    if (fault && "status" in fault) return void res.writeHead(fault.status, fault.headers).end(fault.body ?? "");
    const match = /^bytes=(\d+)-$/.exec(req.headers.range ?? "");
    const ranged = match && !(fault && "ignoreRange" in fault);
    const start = ranged ? Number(match[1]) : 0;
    if (start > 0 && start >= object.byteLength) {
      return void res.writeHead(416, { "content-range": `bytes */${object.byteLength}` }).end();
    }
    let body = object.subarray(start);
    if (fault && "corruptByte" in fault) {
      body = Buffer.from(body);
      if (fault.corruptByte >= start) body[fault.corruptByte - start]! ^= 0xff;
    }
    const headers: Record<string, string> = { "content-length": String(body.byteLength), "accept-ranges": "bytes" };
    if (ranged) headers["content-range"] = `bytes ${start}-${object.byteLength - 1}/${object.byteLength}`;
    res.writeHead(ranged ? 206 : 200, headers);
    if (fault && "resetAfterBytes" in fault) {
      res.write(body.subarray(0, fault.resetAfterBytes), () => setTimeout(() => res.socket?.destroy(), 20));
      return;
    }
    if (fault && "stallAfterBytes" in fault) {
      res.write(body.subarray(0, fault.stallAfterBytes));
      const timer = setTimeout(() => res.end(body.subarray(fault.stallAfterBytes)), fault.stallMs);
      res.on("close", () => clearTimeout(timer));
      return;
    }
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/bucket/object`,
    script,
    ranges,
    /** Replaces what is served (a stored object shorter or other than the file record). */
    serve: (bytes: Uint8Array) => void (object = Buffer.from(bytes)),
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/**
 * An injected fetch that answers getFile with `file` and the access URL with `url` (or a scripted
 * answer), and sends anything else (the browser entry's storage GET) to the network.
 */
export function downloadApi(file: Record<string, unknown>, url: string, accessAnswers: Response[] = []) {
  const calls: string[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = init ? new Request(input, init) : input instanceof Request ? input : new Request(input);
    const { pathname, search } = new URL(request.url);
    if (!pathname.startsWith("/v1/")) return globalThis.fetch(input, init);
    calls.push(`${request.method} ${pathname}${search}`);
    const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
    if (pathname.endsWith("/access-url")) return accessAnswers.shift() ?? json(200, { fileId: file.fileId, url, expiresIn: 300, isTemporary: true });
    return json(200, file);
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}
