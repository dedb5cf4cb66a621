import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { FAULT_HEADER, type FaultRegistry, sleep } from "../faults/registry.js";
import type { RequestHandler } from "./embedded.js";

/**
 * The public face of the embedded store, on its own loopback port (the one presigned URLs point
 * at). It adds what s3rver lacks for our tests, then hands the request to s3rver in-process: CORS
 * for browser uploads (ETag exposed) and store fault injection. Bodies stream straight into
 * s3rver; nothing is buffered or copied through a second socket.
 */
export interface StoreFront {
  endpoint: string;
  close(): Promise<void>;
}

export async function startStoreFront(opts: {
  handler: RequestHandler;
  faults: FaultRegistry;
  host: string;
}): Promise<StoreFront> {
  const server = http.createServer((req, res) => {
    handle(req, res, opts.handler, opts.faults).catch(() => res.destroy());
  });
  server.requestTimeout = 0; // a multi-GB PUT may take minutes
  await new Promise<void>((resolve) => server.listen(0, opts.host, resolve));
  const { port } = server.address() as AddressInfo;
  const urlHost = opts.host.includes(":") ? `[${opts.host}]` : opts.host;
  return {
    endpoint: `http://${urlHost}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function corsHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Content-Length, x-amz-request-id",
  };
  if (req.method === "OPTIONS") {
    headers["Access-Control-Allow-Methods"] = "GET, PUT, HEAD";
    headers["Access-Control-Allow-Headers"] = String(req.headers["access-control-request-headers"] ?? "Content-Type");
    headers["Access-Control-Max-Age"] = "600";
  }
  return headers;
}

/** s3rver (Koa) drops headers set before it on errors; add CORS when the status line is written. */
function withCors(req: IncomingMessage, res: ServerResponse): void {
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  const cors = corsHeaders(req);
  res.writeHead = ((...args: unknown[]) => {
    for (const [k, v] of Object.entries(cors)) if (!res.hasHeader(k)) res.setHeader(k, v);
    return writeHead(...args);
  }) as ServerResponse["writeHead"];
}

function s3Error(res: ServerResponse, status: number, code: string, message: string, retryAfter?: number): void {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
  const headers: Record<string, string | number> = {
    "Content-Type": "application/xml",
    "Content-Length": Buffer.byteLength(body),
  };
  if (retryAfter !== undefined) headers["Retry-After"] = retryAfter;
  res.writeHead(status, headers).end(body);
}

const S3_CODES: Record<number, string> = {
  403: "AccessDenied",
  404: "NoSuchKey",
  429: "SlowDown",
  500: "InternalError",
  503: "SlowDown",
};

async function handle(req: IncomingMessage, res: ServerResponse, s3rver: RequestHandler, faults: FaultRegistry) {
  withCors(req, res);
  if (req.method === "OPTIONS") {
    res.writeHead(200).end();
    return;
  }
  const operation = req.method === "PUT" ? "put" : req.method === "GET" || req.method === "HEAD" ? "get" : "other";
  let fault;
  try {
    fault = faults.take("store", operation, req.headers[FAULT_HEADER]);
  } catch (err) {
    s3Error(res, 400, "InvalidArgument", (err as Error).message);
    return;
  }
  if (fault) {
    if (fault.delayMs) await sleep(fault.delayMs);
    if (fault.reset) {
      req.socket.destroy();
      return;
    }
    if (fault.expireUrl) {
      req.resume();
      s3Error(res, 403, "AccessDenied", "Request has expired");
      return;
    }
    if (fault.status) {
      req.resume();
      const retry = fault.status === 429 || fault.status === 503 ? (fault.retryAfter ?? 1) : undefined;
      s3Error(res, fault.status, S3_CODES[fault.status] ?? "InternalError", `Injected ${fault.status} response.`, retry);
      return;
    }
  }
  s3rver(req, res);
}
