import type { IncomingMessage, ServerResponse } from "node:http";
import { armFault, clearFaults, listFaults, mintKey, setUsage } from "../api/dev.js";
import { storeOrphans } from "../api/dev-orphans.js";
import { abortUpload, createMultipartUpload, listUploadParts, presignUploadParts } from "../api/multipart.js";
import { deleteFile, getFile, getFileAccessUrl, listFiles } from "../api/files.js";
import { authenticate } from "../api/keys.js";
import { FILE_ID } from "../api/owned.js";
import { completeUpload, createPresignedUpload } from "../api/uploads.js";
import type { ServerContext } from "../context.js";
import { FAULT_HEADER, playFault } from "../faults/registry.js";
import { MAX_COMPLETE_BODY_BYTES, MAX_PARTS_BODY_BYTES, readJsonBody } from "./body.js";
import { ApiError, newRequestId, sendError, sendJson, setApiCors } from "./respond.js";

type Route = { operationId: string; fileId?: string };

/** A malformed %-escape cannot name a file; "" fails the fileId pattern and answers 404. */
function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return "";
  }
}

/** The multipart extension (tag `multipart`); without it these are unknown routes, as on an older backend. */
function multipartRoute(method: string, path: string): Route | null {
  if (path === "/v1/uploads/multipart" && method === "POST") return { operationId: "createMultipartUpload" };
  const m = /^\/v1\/uploads\/([^/]+)(\/parts)?$/.exec(path);
  if (!m || m[1] === "presign" || m[1] === "complete" || m[1] === "multipart") return null;
  const fileId = safeDecode(m[1]!);
  if (m[2] && method === "POST") return { operationId: "presignUploadParts", fileId };
  if (m[2] && method === "GET") return { operationId: "listUploadParts", fileId };
  if (!m[2] && method === "DELETE") return { operationId: "abortUpload", fileId };
  return null;
}

/** Maps method + path to a spec operationId (or a dev endpoint). */
function route(method: string, path: string, multipart: boolean): Route | null {
  if (path === "/v1/uploads/presign" && method === "POST") return { operationId: "createPresignedUpload" };
  if (path === "/v1/uploads/complete" && method === "POST") return { operationId: "completeUpload" };
  if (multipart) {
    const r = multipartRoute(method, path);
    if (r) return r;
  }
  if (path === "/v1/files" && method === "GET") return { operationId: "listFiles" };
  const m = /^\/v1\/files\/([^/]+)(\/access-url)?$/.exec(path);
  if (m) {
    const fileId = safeDecode(m[1]!);
    if (m[2] && method === "GET") return { operationId: "getFileAccessUrl", fileId };
    if (!m[2] && method === "GET") return { operationId: "getFile", fileId };
    if (!m[2] && method === "DELETE") return { operationId: "deleteFile", fileId };
  }
  if (path === "/__dev/faults" && method === "POST") return { operationId: "__dev.armFault" };
  if (path === "/__dev/faults" && method === "DELETE") return { operationId: "__dev.clearFaults" };
  if (path === "/__dev/faults" && method === "GET") return { operationId: "__dev.listFaults" };
  if (path === "/__dev/usage" && method === "POST") return { operationId: "__dev.setUsage" };
  if (path === "/__dev/keys" && method === "POST") return { operationId: "__dev.mintKey" };
  if (path === "/__dev/store-requests" && method === "GET") return { operationId: "__dev.storeRequests" };
  if (path === "/__dev/store-requests" && method === "DELETE") return { operationId: "__dev.clearStoreRequests" };
  if (path === "/__dev/api-requests" && method === "GET") return { operationId: "__dev.apiRequests" };
  if (path === "/__dev/api-requests" && method === "DELETE") return { operationId: "__dev.clearApiRequests" };
  if (path === "/__dev/orphans" && method === "GET") return { operationId: "__dev.orphans" };
  return null;
}

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/**
 * The methods a known path answers (derived from `route`, so the two cannot disagree), or none
 * for an unknown path: an undeclared method on a known path is `405` with `Allow` (RFC 9110), not 404.
 */
function allowedMethods(path: string, multipart: boolean): string[] {
  const allowed: string[] = METHODS.filter((m) => route(m, path, multipart) !== null);
  return allowed.length > 0 ? [...allowed, "OPTIONS"] : [];
}

export function createApiHandler(ctx: ServerContext, health: () => Promise<boolean>) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    res.setHeader("X-Request-Id", newRequestId());
    setApiCors(req, res);
    try {
      const url = new URL(req.url ?? "/", "http://localhost");
      const method = req.method ?? "GET";
      if (method === "OPTIONS") {
        res.writeHead(204).end();
        return;
      }
      if (url.pathname === "/healthz" && (method === "GET" || method === "HEAD")) {
        const up = await health();
        if (!up) throw new ApiError(503, "service_unavailable", "The object store is not answering.", 1);
        sendJson(res, 200, { ok: true, api: "up", store: "up" });
        return;
      }
      const r = route(method, url.pathname, ctx.multipart);
      if (!r) {
        const allowed = allowedMethods(url.pathname, ctx.multipart);
        if (allowed.length === 0) throw new ApiError(404, "not_found", `No route for ${method} ${url.pathname}.`);
        res.setHeader("Allow", allowed.join(", "));
        throw new ApiError(405, "method_not_allowed", `${method} is not allowed on ${url.pathname}; use ${allowed.slice(0, -1).join(" or ")}.`);
      }
      if (r.operationId.startsWith("__dev.")) {
        sendJson(res, 200, await dev(ctx, r.operationId, req, url));
        return;
      }
      ctx.apiLog.track(r.operationId, method, url.pathname, res);
      const fault = ctx.faults.take("api", r.operationId, req.headers[FAULT_HEADER]);
      const played = await playFault(fault, req);
      if (played === "handled") return;
      if (played) throw played;
      const key = await authenticate(ctx.db, req);
      if (r.fileId !== undefined && !FILE_ID.test(r.fileId)) throw new ApiError(404, "not_found", "File not found.");
      const result = await operation(ctx, r, key, req, url, fault);
      if (fault?.dropResponse) return void req.socket.destroy(); // done and committed; the answer is lost
      sendJson(res, 200, result);
    } catch (err) {
      if (err instanceof ApiError) {
        sendError(res, err);
      } else {
        process.stderr.write(`dilnaka dev-server: ${(err as Error)?.stack ?? String(err)}\n`);
        sendError(res, ApiError.of(500));
      }
    }
  };
}

async function operation(
  ctx: ServerContext,
  r: Route,
  key: Awaited<ReturnType<typeof authenticate>>,
  req: IncomingMessage,
  url: URL,
  fault: ReturnType<ServerContext["faults"]["take"]>,
): Promise<unknown> {
  switch (r.operationId) {
    case "createPresignedUpload":
      return createPresignedUpload(ctx, key, await readJsonBody(req), fault);
    case "completeUpload":
      return completeUpload(ctx, key, await readJsonBody(req, undefined, MAX_COMPLETE_BODY_BYTES));
    case "listFiles":
      return listFiles(ctx, key, url.searchParams);
    case "getFile":
      return getFile(ctx, key, r.fileId!);
    case "getFileAccessUrl":
      return getFileAccessUrl(ctx, key, r.fileId!, url.searchParams, fault);
    case "deleteFile":
      return deleteFile(ctx, key, r.fileId!);
    case "createMultipartUpload":
      return createMultipartUpload(ctx, key, await readJsonBody(req));
    case "presignUploadParts":
      return presignUploadParts(ctx, key, r.fileId!, await readJsonBody(req, undefined, MAX_PARTS_BODY_BYTES), fault);
    case "listUploadParts":
      return listUploadParts(ctx, key, r.fileId!);
    case "abortUpload":
      return abortUpload(ctx, key, r.fileId!);
  }
  throw new ApiError(404, "not_found", "No such operation.");
}

async function dev(ctx: ServerContext, op: string, req: IncomingMessage, url: URL): Promise<unknown> {
  if (op === "__dev.clearFaults") return clearFaults(ctx);
  if (op === "__dev.listFaults") return listFaults(ctx);
  if (op === "__dev.storeRequests") return { success: true, requests: ctx.storeLog.list() };
  if (op === "__dev.clearStoreRequests") {
    ctx.storeLog.clear();
    return { success: true, requests: [] };
  }
  if (op === "__dev.apiRequests") return { success: true, requests: ctx.apiLog.list() };
  if (op === "__dev.clearApiRequests") {
    ctx.apiLog.clear();
    return { success: true, requests: [] };
  }
  if (op === "__dev.orphans") return storeOrphans(ctx, url);
  const body = await readJsonBody(req, {}); // dev endpoints take an empty body as {}
  if (op === "__dev.armFault") return armFault(ctx, body);
  if (op === "__dev.setUsage") return setUsage(ctx, req, body);
  return mintKey(ctx, body);
}
