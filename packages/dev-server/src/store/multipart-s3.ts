import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListPartsCommand,
  type S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import type { StoredPart } from "../db/multipart.js";
import { ApiError } from "../http/respond.js";

/**
 * The presigner hoists `x-amz-*` headers into the query string unless told otherwise; a hoisted
 * checksum would let a client PUT without the header, and S3 would then check nothing. Kept as a
 * signed header, a PUT without it fails the signature (403), as on S3.
 */
export const signedChecksum = () => ({ unhoistableHeaders: new Set(["x-amz-checksum-sha256"]) }); // fresh: the presigner adds to it

/** Storage's side of a multipart upload; the embedded store replaces `listParts` and `abort`. */
export interface MultipartStore {
  create(key: string, contentType: string, opts?: { checksumAlgorithm?: "SHA256" | null }): Promise<string>;
  /** With `checksumSha256`, the part's `x-amz-checksum-sha256` is a signed header of the URL. */
  presignPart(
    key: string,
    uploadId: string,
    partNumber: number,
    expiresIn: number,
    opts?: { expired?: boolean; checksumSha256?: string | null },
  ): Promise<string>;
  /** Every part storage holds, ascending. */
  listParts(key: string, uploadId: string): Promise<StoredPart[]>;
  complete(key: string, uploadId: string, parts: Array<{ partNumber: number; etag: string; checksumSha256?: string }>): Promise<void>;
  abort(key: string, uploadId: string): Promise<void>;
}

const statusOf = (err: unknown) => (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

/**
 * S3's own answers, as the API's errors: the API checks the same rules before it asks storage,
 * so these only show when storage knows something the API did not (e.g. an upload gone meanwhile).
 */
export function storeFailure(err: unknown): unknown {
  const name = (err as { name?: string }).name;
  if (statusOf(err) === undefined) {
    return new ApiError(503, "service_unavailable", "The object store is not answering. Retry later.", 1);
  }
  if (name === "NoSuchUpload") return new ApiError(404, "not_found", "File not found.");
  if (name === "InvalidPart") return new ApiError(409, "invalid_part", `Storage refused a part: ${(err as Error).message}`);
  if (name === "EntityTooSmall") return new ApiError(409, "part_too_small", `Storage refused a part: ${(err as Error).message}`);
  if (name === "InvalidPartOrder") return new ApiError(422, "invalid_part_order", (err as Error).message);
  return err;
}

/** Past: the URL is already expired when handed out, so storage itself rejects it. */
const PAST = () => new Date(Date.now() - 3600_000);

export function s3Multipart(internal: S3Client, signer: S3Client, bucket: string): MultipartStore {
  const send = async <T>(p: Promise<T>): Promise<T> => {
    try {
      return await p;
    } catch (err) {
      throw storeFailure(err);
    }
  };
  return {
    async create(key, contentType, opts) {
      // S3 then requires (and keeps) each part's SHA-256 and gives the object the composite.
      const algorithm = opts?.checksumAlgorithm ? { ChecksumAlgorithm: opts.checksumAlgorithm } : {};
      const out = await send(internal.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ContentType: contentType, ...algorithm })));
      if (!out.UploadId) throw new Error("storage answered CreateMultipartUpload without an UploadId");
      return out.UploadId;
    },
    presignPart(key, uploadId, partNumber, expiresIn, opts) {
      const checksum = opts?.checksumSha256 ? { ChecksumSHA256: opts.checksumSha256 } : {};
      const cmd = new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber: partNumber, ...checksum });
      return getSignedUrl(signer, cmd, { expiresIn, ...signedChecksum(), ...(opts?.expired ? { signingDate: PAST() } : {}) });
    },
    async listParts(key, uploadId) {
      const parts: StoredPart[] = [];
      let marker: string | undefined;
      for (;;) {
        const page = await send(
          internal.send(new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumberMarker: marker })),
        );
        for (const p of page.Parts ?? []) {
          parts.push({ partNumber: p.PartNumber ?? 0, etag: p.ETag ?? "", size: Number(p.Size ?? 0), checksumSha256: p.ChecksumSHA256 ?? null });
        }
        if (!page.IsTruncated || !page.NextPartNumberMarker) return parts.sort((a, b) => a.partNumber - b.partNumber);
        marker = page.NextPartNumberMarker;
      }
    },
    async complete(key, uploadId, parts) {
      await send(
        internal.send(
          new CompleteMultipartUploadCommand({
            Bucket: bucket,
            Key: key,
            UploadId: uploadId,
            MultipartUpload: {
              Parts: parts.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag, ...(p.checksumSha256 ? { ChecksumSHA256: p.checksumSha256 } : {}) })),
            },
          }),
        ),
      );
    },
    async abort(key, uploadId) {
      try {
        await internal.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }));
      } catch (err) {
        if ((err as { name?: string }).name === "NoSuchUpload" || statusOf(err) === 404) return; // gone already
        throw storeFailure(err);
      }
    },
  };
}
