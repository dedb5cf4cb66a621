import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pipeline } from "node:stream";
import { FAULT_HEADER, type FaultRegistry, sleep } from "../faults/registry.js";

/**
 * A streaming reverse proxy in front of the embedded store, on its own loopback port (the port
 * presigned URLs point at). It keeps the Host header and path untouched, so SigV4 signatures made
 * for the proxy's address verify upstream. It adds what s3rver lacks for our tests: CORS for
 * browser uploads (ETag exposed) and store fault injection. Bodies are piped, never buffered.
 */
export interface StoreProxy {
  endpoint: string;
  close(): Promise<void>;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export async function startStoreProxy(opts: {
  upstream: string;
  faults: FaultRegistry;
  host: string;
}): Promise<StoreProxy> {
  const upstream = new URL(opts.upstream);
  const server = http.createServer((req, res) => {
    handle(req, res, upstream, opts.faults).catch(() => res.destroy());
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(0, opts.host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://${opts.host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function setCors(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader("Access-Control-Allow-Origin", "*");
  res.setHeader("Access-Control-Expose-Headers", "ETag, Content-Length, x-amz-request-id");
  if (req.method === "OPTIONS") {
    res.setHeader("Access-Control-Allow-Methods", "GET, PUT, HEAD");
    res.setHeader("Access-Control-Allow-Headers", req.headers["access-control-request-headers"] ?? "Content-Type");
    res.setHeader("Access-Control-Max-Age", "600");
  }
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

async function handle(req: IncomingMessage, res: ServerResponse, upstream: URL, faults: FaultRegistry) {
  setCors(req, res);
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
  const headers = { ...req.headers };
  delete headers[FAULT_HEADER];
  const up = http.request(
    { agent, host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
    (upRes) => {
      res.writeHead(upRes.statusCode ?? 502, upRes.headers);
      pipeline(upRes, res, () => undefined);
    },
  );
  up.on("error", () => {
    if (!res.headersSent) s3Error(res, 502, "BadGateway", "The embedded store did not answer.");
    else res.destroy();
  });
  pipeline(req, up, (err) => {
    if (err) up.destroy();
  });
}
