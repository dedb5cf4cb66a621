// Reads the body of a route request into one of the four steps of spec/upload-route.yaml, or a
// 400 `invalid_request` naming the bad field. Only JSON with `Content-Type: application/json` is
// read: a cross-site form cannot send that without a CORS preflight, which the route never answers.

import type { RouteStep } from "../upload-route/wire.js";
import { fail } from "./respond.js";

const MAX_BODY_BYTES = 1024 * 1024;
const invalid = (message: string) => fail(400, "invalid_request", message);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isId = (v: unknown) => typeof v === "string" && v !== "" && v.length <= 256;
const wholeIn = (v: unknown, min: number, max: number) => Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max;

function text(body: Record<string, unknown>, field: string, max: number): string {
  const value = body[field];
  if (typeof value !== "string" || value.length < 1 || value.length > max) throw invalid(`\`${field}\` must be a string of 1 to ${max} characters.`);
  return value;
}

function tokenFields(body: Record<string, unknown>) {
  if (!isId(body.fileId)) throw invalid("`fileId` must be the file id the presign step answered.");
  if (typeof body.token !== "string" || body.token === "") throw invalid("`token` must be the completion token the presign step answered.");
  return { fileId: body.fileId as string, token: body.token };
}

export function parseStep(body: unknown): RouteStep {
  if (!isObject(body)) throw invalid("The body must be a JSON object with a `type`.");
  switch (body.type) {
    case "presign": {
      const { size, clientPayload = null, checksumSha256 = null } = body;
      if (!wholeIn(size, 0, Number.MAX_SAFE_INTEGER)) throw invalid("`size` must be a whole number of bytes.");
      if (clientPayload !== null && (typeof clientPayload !== "string" || clientPayload.length > 4096)) {
        throw invalid("`clientPayload` must be a string of at most 4096 characters, or null.");
      }
      if (checksumSha256 !== null && (typeof checksumSha256 !== "string" || !/^[A-Za-z0-9+/]{43}=$/.test(checksumSha256))) {
        throw invalid("`checksumSha256` must be a base64 SHA-256 (44 characters), or null.");
      }
      return { type: "presign", filename: text(body, "filename", 255), contentType: text(body, "contentType", 255), size: size as number, clientPayload, checksumSha256 };
    }
    case "presignParts": {
      const { partNumbers } = body;
      if (
        !Array.isArray(partNumbers) || partNumbers.length < 1 || partNumbers.length > 1000 ||
        !partNumbers.every((n) => wholeIn(n, 1, 10_000)) || new Set(partNumbers).size !== partNumbers.length
      ) {
        throw invalid("`partNumbers` must hold 1 to 1000 distinct part numbers from 1 to 10000.");
      }
      return { type: "presignParts", ...tokenFields(body), partNumbers: partNumbers as number[] };
    }
    case "complete": {
      const { parts } = body;
      if (parts !== undefined && !(Array.isArray(parts) && parts.every((p) => isObject(p) && wholeIn(p.partNumber, 1, 10_000) && typeof p.etag === "string" && p.etag !== ""))) {
        throw invalid("`parts` must be [{partNumber, etag}, …], ascending by partNumber.");
      }
      const step = { type: "complete" as const, ...tokenFields(body) };
      return parts === undefined ? step : { ...step, parts: (parts as Array<{ partNumber: number; etag: string }>).map(({ partNumber, etag }) => ({ partNumber, etag })) };
    }
    case "abort":
      return { type: "abort", ...tokenFields(body) };
    default:
      throw invalid("`type` must be one of presign, presignParts, complete, abort.");
  }
}

/** The JSON body, bounded in size. */
export async function readBody(request: Request): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) throw invalid("Send the step as JSON with `Content-Type: application/json`.");
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_BODY_BYTES) throw invalid(`The body is larger than ${MAX_BODY_BYTES} bytes.`);
  const raw = await request.text();
  if (raw.length > MAX_BODY_BYTES) throw invalid(`The body is larger than ${MAX_BODY_BYTES} bytes.`);
  try {
    return JSON.parse(raw);
  } catch {
    throw invalid("The body is not valid JSON.");
  }
}
