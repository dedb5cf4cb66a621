import type { ErrorObject } from "ajv";
import { ApiError } from "../http/respond.js";
import { describeError, requestBodyValidator } from "../spec/openapi.js";
import { checkContentType, checkFilename, normaliseFolder } from "./naming.js";

/**
 * The spec's `pattern`s of these fields say what is refused; these checks say why, in words (a
 * test holds both to the same strings). They throw their own 422 for a value the pattern refused.
 */
const EXPLAIN_PATTERN: Record<string, (value: string) => unknown> = {
  "/filename": checkFilename,
  "/contentType": checkContentType,
  "/folder": normaliseFolder,
};

/** Validates a JSON body against the operation's request schema in the spec (422 when it fails). */
export function validateBody<T>(operationId: string, body: unknown): T {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new ApiError(400, "invalid_request", "The request body must be a JSON object.");
  }
  const validate = requestBodyValidator(operationId);
  if (!validate(body)) {
    explainPattern(body as Record<string, unknown>, validate.errors?.[0]);
    throw new ApiError(422, "validation_error", describeError(validate.errors));
  }
  return body as T;
}

function explainPattern(body: Record<string, unknown>, error: ErrorObject | undefined): void {
  const explain = error?.keyword === "pattern" ? EXPLAIN_PATTERN[error.instancePath] : undefined;
  const value = body[error?.instancePath.slice(1) ?? ""];
  if (explain && typeof value === "string") explain(value);
}
