// The Node GET of a download: node:http(s), like the PUT (node-put.ts), the body handed over as the
// response stream itself (no copy, backpressure kept). The timeout counts idle time, connect and
// body included: a big file on a slow link is not cut off while bytes still move.

import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { ConnectionError, TimeoutError } from "../errors.js";
import { rootCause } from "../error-message.js";
import { abortErrorFrom } from "../retry.js";
import type { GetRequest, GetResponse } from "../platform.js";

export function nodeGet(req: GetRequest): Promise<GetResponse> {
  const url = new URL(req.url);
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise<GetResponse>((resolve, reject) => {
    const outgoing = send(url, { method: "GET", headers: req.headers });
    let response: IncomingMessage | undefined;
    // Before the answer, the promise fails; after it, the body stream does (its reader sees the error).
    const fail = (error: Error) => {
      req.signal?.removeEventListener("abort", onAbort);
      if (response) response.destroy(error);
      else reject(error);
      outgoing.destroy();
    };
    const onAbort = () => fail(abortErrorFrom(req.signal!));
    if (req.signal?.aborted) return onAbort();
    req.signal?.addEventListener("abort", onAbort, { once: true });
    outgoing.setTimeout(req.timeout, () =>
      fail(
        new TimeoutError(`storage GET ${url.host} failed: no progress for ${req.timeout} ms`, {
          code: "timeout",
          hint: "Raise the timeout option (milliseconds) or DILNAKA_TIMEOUT (seconds), or check the network.",
        }),
      ),
    );
    outgoing.on("error", (error) => fail(connectionError(url, error)));
    outgoing.on("response", (res) => {
      response = res;
      res.on("close", () => req.signal?.removeEventListener("abort", onAbort));
      resolve({
        status: res.statusCode ?? 0,
        headers: { get: (name) => [res.headers[name.toLowerCase()]].flat().join(", ") || null },
        body: res,
      });
    });
    outgoing.end();
  });
}

export function connectionError(url: URL, error: Error): ConnectionError {
  if (error instanceof ConnectionError || error instanceof TimeoutError) return error;
  return new ConnectionError(`storage GET ${url.host} failed: ${rootCause(error)}`, {
    code: "connection_error",
    cause: error,
    hint: "Check the network; a download continues from its last byte on its own (maxRetries).",
  });
}
