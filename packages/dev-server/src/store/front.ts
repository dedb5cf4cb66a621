import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { FAULT_HEADER, type FaultRegistry, resetAfter, sleep } from "../faults/registry.js";
import type { RequestHandler } from "./embedded.js";
import { corruptRequestBody, tamperResponseBody } from "./body-faults.js";
import { forwardPartPut } from "./part-put.js";
import type { PartsLedger } from "./parts-ledger.js";
import { parseStoreTarget, StoreRequestLog } from "./request-log.js";
import { S3_CODES, s3Error } from "./s3-errors.js";

/**
 * The public face of the embedded store, on its own loopback port (the one presigned URLs point
 * at). It adds what s3rver lacks for our tests, then hands the request to s3rver in-process: CORS
 * for browser uploads (ETag exposed), store fault injection (request and response bodies included:
 * `body-faults.ts`), the request log, and for multipart
 * the part checks and the parts ledger (`part-put.ts`). Bodies stream straight into s3rver;
 * nothing is buffered or copied through a second socket.
 */
export interface StoreFront {
  endpoint: string;
  log: StoreRequestLog;
  close(): Promise<void>;
}

/** S3 refuses a single PUT (object or part) above 5 GiB. */
const MAX_PUT_BYTES = 5 * 1024 ** 3;

export async function startStoreFront(opts: {
  handler: RequestHandler;
  faults: FaultRegistry;
  host: string;
  ledger: PartsLedger;
}): Promise<StoreFront> {
  const log = new StoreRequestLog();
  const server = http.createServer((req, res) => {
    handle(req, res, opts, log).catch(() => res.destroy());
  });
  server.requestTimeout = 0; // a multi-GB PUT may take minutes
  await new Promise<void>((resolve) => server.listen(0, opts.host, resolve));
  const { port } = server.address() as AddressInfo;
  const urlHost = opts.host.includes(":") ? `[${opts.host}]` : opts.host;
  return {
    endpoint: `http://${urlHost}:${port}`,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Browsers PUT single objects and parts and GET/HEAD objects; they never POST (create and
 * complete of a multipart upload are the API server's own calls), so those are all a preflight
 * allows. `ETag` is exposed: a browser needs each part's ETag to complete.
 */
function corsHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Content-Length, Content-Range, Accept-Ranges, x-amz-request-id",
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

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  opts: { handler: RequestHandler; faults: FaultRegistry; ledger: PartsLedger },
  log: StoreRequestLog,
): Promise<void> {
  withCors(req, res);
  const target = parseStoreTarget(req.url);
  log.track(req, res, target);
  if (req.method === "OPTIONS") {
    res.writeHead(200).end();
    return;
  }
  const operation = req.method === "PUT" ? "put" : req.method === "GET" || req.method === "HEAD" ? "get" : "other";
  let fault;
  try {
    fault = opts.faults.take("store", operation, req.headers[FAULT_HEADER], target.uploadId ? target.partNumber : null);
  } catch (err) {
    s3Error(res, 400, "InvalidArgument", (err as Error).message);
    return;
  }
  if (fault) {
    if (fault.delayMs) await sleep(fault.delayMs);
    // On a GET the reset comes after that many bytes of the answer (below), else of the request.
    if (fault.resetAfterBytes !== undefined && operation !== "get") return resetAfter(req, fault.resetAfterBytes);
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
    if (operation === "get") tamperResponseBody(res, fault);
    else if (fault.corruptByte !== undefined) corruptRequestBody(req, fault.corruptByte);
  }
  if (req.method === "PUT" && Number(req.headers["content-length"] ?? 0) > MAX_PUT_BYTES) {
    res.setHeader("Connection", "close"); // as S3 does, rather than read gigabytes to discard them
    s3Error(res, 400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size");
    return;
  }
  if (req.method === "PUT" && target.uploadId !== null && !("x-amz-copy-source" in req.headers)) {
    return forwardPartPut(req, res, opts.handler, opts.ledger, { ...target, uploadId: target.uploadId });
  }
  opts.handler(req, res);
}
