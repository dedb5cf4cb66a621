import type { IncomingMessage, ServerResponse } from "node:http";
import type { RequestHandler } from "./embedded.js";
import type { PartsLedger } from "./parts-ledger.js";
import { NO_SUCH_UPLOAD, s3Error, s3ErrorBody } from "./s3-errors.js";

/**
 * An UploadPart (`PUT …?partNumber=n&uploadId=…`) on its way to s3rver: S3's checks s3rver lacks
 * (part number 1–10,000, the upload still exists), then the part is recorded in the ledger before
 * the 200 and its ETag leave, so a client that got the ETag can list or complete at once.
 */
export async function forwardPartPut(
  req: IncomingMessage,
  res: ServerResponse,
  s3rver: RequestHandler,
  ledger: PartsLedger,
  target: { key: string | null; uploadId: string; partNumber: number | null },
): Promise<void> {
  const { uploadId, partNumber } = target;
  if (partNumber === null || partNumber < 1 || partNumber > 10_000) {
    req.resume();
    s3Error(res, 400, "InvalidArgument", "Part number must be an integer between 1 and 10000, inclusive");
    return;
  }
  const kind = await ledger.classify(uploadId, target.key ?? "");
  if (kind === "foreign") return s3rver(req, res);
  if (kind === "gone") {
    req.resume();
    s3Error(res, ...NO_SUCH_UPLOAD);
    return;
  }
  const before = await ledger.stamp(uploadId, partNumber);
  let accepted = false;
  holdEnd(res, async (end) => {
    const etag = res.getHeader("etag");
    if (res.statusCode !== 200 || typeof etag !== "string") return end();
    // A 200 means the store verified the body against this header (embedded-put.ts).
    const checksum = req.headers["x-amz-checksum-sha256"];
    if (await ledger.accepted(uploadId, partNumber, etag, typeof checksum === "string" ? checksum : null)) {
      accepted = true;
      return end();
    }
    // Aborted while this part was in flight: answer as S3 would, with nothing kept.
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    const body = s3ErrorBody(NO_SUCH_UPLOAD[1], NO_SUCH_UPLOAD[2]);
    res.statusCode = NO_SUCH_UPLOAD[0];
    res.setHeader("Content-Type", "application/xml");
    res.setHeader("Content-Length", Buffer.byteLength(body));
    end(body);
  });
  res.on("close", () => {
    if (!accepted) ledger.failed(uploadId, partNumber, before).catch(() => undefined);
  });
  s3rver(req, res);
}

/**
 * Lets `decide` run (asynchronously) when s3rver ends its response, before anything is written:
 * `decide` then ends it as it was, or with another body.
 */
function holdEnd(res: ServerResponse, decide: (end: (body?: string) => void) => Promise<void>): void {
  const original = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.end = ((...args: unknown[]) => {
    res.end = original as ServerResponse["end"];
    decide((body) => (body === undefined ? original(...args) : original(body))).catch(() => res.destroy());
    return res;
  }) as ServerResponse["end"];
}
