import type { IncomingMessage } from "node:http";
import { ApiError } from "./respond.js";

/** API bodies are small JSON documents; anything larger is refused before it is buffered. */
export const MAX_BODY_BYTES = 64 * 1024;

/** Reads and parses a JSON body; an empty body is an error unless `emptyAs` says what it means. */
export async function readJsonBody(req: IncomingMessage, emptyAs?: unknown): Promise<unknown> {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > MAX_BODY_BYTES) throw tooLarge();
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "" && emptyAs !== undefined) return emptyAs;
  if (text.trim() === "") throw new ApiError(400, "invalid_request", "The request body must be a JSON object.");
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, "invalid_request", "The request body is not valid JSON.");
  }
}

function tooLarge(): ApiError {
  return new ApiError(413, "invalid_request", `The request body is larger than ${MAX_BODY_BYTES / 1024} KiB.`);
}
