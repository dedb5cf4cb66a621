import type { ServerResponse } from "node:http";

/** S3's error codes for the statuses store faults answer. */
export const S3_CODES: Record<number, string> = {
  403: "AccessDenied",
  404: "NoSuchKey",
  429: "SlowDown",
  500: "InternalError",
  503: "SlowDown",
};

export function s3ErrorBody(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
}

/** Answers an S3 XML error (the request body, if any, is drained by Node after the answer). */
export function s3Error(res: ServerResponse, status: number, code: string, message: string, retryAfter?: number): void {
  const body = s3ErrorBody(code, message);
  const headers: Record<string, string | number> = {
    "Content-Type": "application/xml",
    "Content-Length": Buffer.byteLength(body),
  };
  if (retryAfter !== undefined) headers["Retry-After"] = retryAfter;
  res.writeHead(status, headers).end(body);
}

export const NO_SUCH_UPLOAD = [
  404,
  "NoSuchUpload",
  "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
] as const;
