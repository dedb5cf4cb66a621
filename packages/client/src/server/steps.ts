// The four steps of the route, each after its body was parsed: presign (policy first, then one
// presigned PUT or a multipart upload, and a completion token), presignParts, complete and abort
// (each only with a valid token for that file).

import type { DilnakaFile } from "../types.js";
import type { AbortStep, Aborted, Completed, CompleteStep, PartsPresigned, Presigned, PresignPartsStep, PresignStep, WireFile } from "../upload-route/wire.js";
import { signToken, verifyToken, type TokenPayload } from "../upload-route/token.js";
import type { RouteSettings } from "./options.js";
import { askPolicy } from "./policy.js";
import { fail, failureFromError, RouteFailure } from "./respond.js";

const MiB = 1024 * 1024;
const DEFAULT_THRESHOLD = 64 * MiB;
const MAX_SINGLE_TTL = 3600;
const DEFAULT_MULTIPART_TTL = 86_400;
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** The Dilnaka API calls fail as API errors; the page gets them as the route's refusals. */
const api = <T>(call: Promise<T>): Promise<T> => call.catch((error: unknown) => Promise.reject(failureFromError(error)));

export function toWireFile({ id, warning: _warning, ...rest }: DilnakaFile): WireFile {
  return { fileId: id, ...rest };
}

export async function presign(settings: RouteSettings, step: PresignStep, request: Request): Promise<Presigned> {
  const policy = await askPolicy(settings, step, request);
  const { filename, contentType, size } = step;
  const fields = { filename, contentType, size, folder: policy.folder, metadata: policy.metadata };
  const payload = (fid: string, mp: boolean, ttl: number): TokenPayload => {
    const token: TokenPayload = { fid, size, mp, exp: nowSeconds() + ttl };
    if (step.clientPayload != null) token.cp = step.clientPayload;
    return token;
  };
  if (size > (policy.multipartThreshold ?? DEFAULT_THRESHOLD)) {
    const created = await api(settings.client.createMultipartUpload({ ...fields, partSize: policy.partSize }));
    const token = payload(created.fileId, true, settings.tokenTtl ?? DEFAULT_MULTIPART_TTL);
    return {
      type: "presign",
      fileId: created.fileId,
      token: await signToken(await settings.key, token),
      tokenExpiresAt: token.exp,
      upload: null,
      multipart: { partSize: created.partSize, partCount: created.partCount ?? Math.max(1, Math.ceil(size / created.partSize)) },
    };
  }
  // The page's SHA-256, signed into the URL: storage then refuses other bytes (one PUT only; parts
  // would each need their own).
  const presigned = await api(settings.client.createPresignedUpload(step.checksumSha256 ? { ...fields, checksumSha256: step.checksumSha256 } : fields));
  const token = payload(presigned.fileId, false, Math.min(settings.tokenTtl ?? presigned.expiresIn, presigned.expiresIn, MAX_SINGLE_TTL));
  return {
    type: "presign",
    fileId: presigned.fileId,
    token: await signToken(await settings.key, token),
    tokenExpiresAt: token.exp,
    upload: { url: presigned.uploadUrl, method: "PUT", headers: presigned.headers, expiresIn: presigned.expiresIn },
    multipart: null,
  };
}

async function verified(settings: RouteSettings, step: { fileId: string; token: string }): Promise<TokenPayload> {
  const check = await verifyToken(await settings.key, step.token, step.fileId);
  if (!check.ok) throw fail(403, check.error, check.message);
  return check.payload;
}

const used = () => fail(403, "token_used", "This upload is already completed; its token cannot be used again.");

export async function presignParts(settings: RouteSettings, step: PresignPartsStep): Promise<PartsPresigned> {
  const token = await verified(settings, step);
  if (!token.mp) throw fail(400, "invalid_request", "This upload is a single PUT: it has no parts to presign.");
  try {
    const parts = await settings.client.presignUploadParts(step.fileId, step.partNumbers);
    return { type: "presignParts", parts: parts.map(({ partNumber, url, headers, expiresIn }) => ({ partNumber, url, method: "PUT", headers: headers ?? {}, expiresIn })) };
  } catch (error) {
    throw (error as { code?: string }).code === "upload_already_completed" ? used() : failureFromError(error);
  }
}

export async function complete(settings: RouteSettings, step: CompleteStep, request: Request): Promise<Completed> {
  const token = await verified(settings, step);
  if (token.mp && !step.parts?.length) throw fail(400, "invalid_request", "A multipart upload completes with `parts`: every part's number and ETag.");
  if (!token.mp && step.parts) throw fail(400, "invalid_request", "A single-PUT upload completes without `parts`.");
  // Single use: complete is idempotent at the API, so a replayed token is refused here, before it
  // could run onUploadCompleted a second time.
  const pending = await api(settings.client.getFile(step.fileId));
  if (pending.status === "uploaded") throw used();
  if (token.size !== null && pending.size !== token.size) throw fail(403, "token_mismatch", "The completion token was issued for a file of another size.");
  const file = await api(settings.client.completeUpload(step.fileId, step.parts ? { parts: step.parts } : {}));
  try {
    await settings.onUploadCompleted(file, { clientPayload: token.cp ?? null, request });
  } catch (error) {
    throw new RouteFailure(500, "upload_callback_failed", "The file is stored, but the site could not record it; contact the site's operator.", error);
  }
  return { type: "complete", file: toWireFile(file) };
}

export async function abort(settings: RouteSettings, step: AbortStep): Promise<Aborted> {
  await verified(settings, step);
  try {
    const result = await settings.client.abortUpload(step.fileId);
    return { type: "abort", fileId: step.fileId, aborted: result.aborted };
  } catch (error) {
    const { status, code } = error as { status?: number; code?: string };
    if (code === "upload_already_completed") throw used();
    if (![404, 405, 501].includes(status!)) throw failureFromError(error);
  }
  // A backend without abortUpload: delete the pending file, never a completed one.
  const file = await api(settings.client.getFile(step.fileId));
  if (file.status === "uploaded") throw used();
  await api(settings.client.deleteFile(step.fileId));
  return { type: "abort", fileId: step.fileId, aborted: true };
}
