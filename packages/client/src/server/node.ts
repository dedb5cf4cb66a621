// toNodeHandler(route): the Fetch-API route as a Node `http` / Express `(req, res)` handler. It
// imports nothing from node:* (types only), so this entry stays usable everywhere. A body Express
// already parsed (`express.json()`) is used as it is; otherwise the request stream is read, bounded.

import type { IncomingMessage, ServerResponse } from "node:http";
import type { UploadRoute } from "./handle-upload.js";

const MAX_BODY_BYTES = 1024 * 1024;

type NodeRequest = IncomingMessage & { body?: unknown; originalUrl?: string };

async function readNodeBody(req: NodeRequest): Promise<string | undefined> {
  if (req.method === "GET" || req.method === "HEAD") return undefined;
  if (req.body !== undefined) return typeof req.body === "string" ? req.body : JSON.stringify(req.body);
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for await (const chunk of req as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength;
    // One byte over the limit is enough for the route to refuse it: stop reading there.
    if (bytes > MAX_BODY_BYTES + 1) break;
    chunks.push(chunk);
  }
  const all = new Uint8Array(Math.min(bytes, MAX_BODY_BYTES + 1));
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk.subarray(0, all.length - at), at);
    at += chunk.byteLength;
  }
  return new TextDecoder().decode(all);
}

/** The Web Request of a Node request (the URL from its Host header, for the policy to read). */
export async function toWebRequest(req: NodeRequest): Promise<Request> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  // The body is re-encoded text: its declared length no longer applies.
  headers.delete("content-length");
  headers.delete("transfer-encoding");
  const url = new URL(req.originalUrl ?? req.url ?? "/", `http://${req.headers.host ?? "localhost"}`);
  return new Request(url, { method: req.method ?? "GET", headers, body: await readNodeBody(req) });
}

export function toNodeHandler(route: UploadRoute): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    let response: Response;
    try {
      response = await route(await toWebRequest(req));
    } catch {
      response = new Response(JSON.stringify({ success: false, error: "internal_error", message: "The upload route failed; try again later." }), {
        status: 500,
        headers: { "Content-Type": "application/json" },
      });
    }
    const body = await response.text();
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(body);
  };
}
