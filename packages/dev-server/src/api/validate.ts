import { ApiError } from "../http/respond.js";
import { describeError, requestBodyValidator } from "../spec/openapi.js";

/** Validates a JSON body against the operation's request schema in the spec (422 when it fails). */
export function validateBody<T>(operationId: string, body: unknown): T {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new ApiError(400, "invalid_request", "The request body must be a JSON object.");
  }
  const validate = requestBodyValidator(operationId);
  if (!validate(body)) throw new ApiError(422, "validation_error", describeError(validate.errors));
  return body as T;
}
