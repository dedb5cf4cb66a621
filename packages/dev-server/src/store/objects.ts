import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { ApiError } from "../http/respond.js";
import { type MultipartStore, s3Multipart, signedChecksum } from "./multipart-s3.js";

/** Where objects live and how the server reaches them; the SDKs never see these credentials. */
export interface StoreConfig {
  /** Endpoint the server itself talks to (HEAD, DELETE). */
  internalEndpoint: string;
  /** Endpoint written into presigned URLs (the embedded store front, or the real S3 endpoint). */
  publicEndpoint: string;
  bucket: string;
  region: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  forcePathStyle: boolean;
}

export interface ObjectStore {
  bucket: string;
  /** With `checksumSha256`, `x-amz-checksum-sha256` is a signed header of the URL. */
  presignPut(key: string, contentType: string, expiresIn: number, opts?: { expired?: boolean; checksumSha256?: string | null }): Promise<string>;
  presignGet(key: string, expiresIn: number, opts?: { expired?: boolean }): Promise<string>;
  /** The stored size, or null when there is no such object. */
  headSize(key: string): Promise<number | null>;
  remove(key: string): Promise<void>;
  /** Every stored object (key and size) whose key starts with `prefix`, for `/__dev/orphans`. */
  listObjects(prefix: string): Promise<Array<{ key: string; size: number }>>;
  ping(): Promise<boolean>;
  multipart: MultipartStore;
}

const statusOf = (err: unknown) => (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

/** No HTTP answer at all (refused, reset, DNS): the store is down, which clients may retry. */
function unreachable(err: unknown): unknown {
  return statusOf(err) === undefined
    ? new ApiError(503, "service_unavailable", "The object store is not answering. Retry later.", 1)
    : err;
}

/** Signed long in the past so the URL is already expired: the store itself rejects it. */
const PAST = () => new Date(Date.now() - 3600_000);

/**
 * `partsOverride` replaces the multipart operations a store lacks (s3rver has no ListParts and no
 * AbortMultipartUpload: the embedded store answers them from the parts ledger).
 */
export function createObjectStore(
  cfg: StoreConfig,
  partsOverride?: Partial<Pick<MultipartStore, "listParts" | "abort">>,
): ObjectStore {
  const common = {
    region: cfg.region,
    forcePathStyle: cfg.forcePathStyle,
    // Without these the SDK signs an empty-body checksum header that clients never send.
    requestChecksumCalculation: "WHEN_REQUIRED" as const,
    responseChecksumValidation: "WHEN_REQUIRED" as const,
    ...(cfg.credentials ? { credentials: cfg.credentials } : {}),
  };
  const internal = new S3Client({ ...common, endpoint: cfg.internalEndpoint, maxAttempts: 2 });
  const signer = new S3Client({ ...common, endpoint: cfg.publicEndpoint });

  return {
    bucket: cfg.bucket,
    multipart: { ...s3Multipart(internal, signer, cfg.bucket), ...partsOverride },
    presignPut(key, contentType, expiresIn, opts) {
      const checksum = opts?.checksumSha256 ? { ChecksumSHA256: opts.checksumSha256 } : {};
      const cmd = new PutObjectCommand({ Bucket: cfg.bucket, Key: key, ContentType: contentType, ...checksum });
      // Content-Type is signed: storage refuses the bytes with any other type.
      return getSignedUrl(signer, cmd, {
        expiresIn,
        signableHeaders: new Set(["content-type"]),
        ...signedChecksum(),
        ...(opts?.expired ? { signingDate: PAST() } : {}),
      });
    },
    presignGet(key, expiresIn, opts) {
      const cmd = new GetObjectCommand({ Bucket: cfg.bucket, Key: key });
      return getSignedUrl(signer, cmd, { expiresIn, ...(opts?.expired ? { signingDate: PAST() } : {}) });
    },
    async headSize(key) {
      try {
        const head = await internal.send(new HeadObjectCommand({ Bucket: cfg.bucket, Key: key }));
        return head.ContentLength ?? 0;
      } catch (err) {
        if (statusOf(err) === 404) return null;
        throw unreachable(err);
      }
    },
    async remove(key) {
      try {
        await internal.send(new DeleteObjectCommand({ Bucket: cfg.bucket, Key: key }));
      } catch (err) {
        throw unreachable(err);
      }
    },
    async listObjects(prefix) {
      const found: Array<{ key: string; size: number }> = [];
      let token: string | undefined;
      do {
        const page = await internal
          .send(new ListObjectsV2Command({ Bucket: cfg.bucket, Prefix: prefix || undefined, ContinuationToken: token }))
          .catch((err: unknown) => {
            throw unreachable(err);
          });
        for (const o of page.Contents ?? []) if (o.Key) found.push({ key: o.Key, size: o.Size ?? 0 });
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return found;
    },
    async ping() {
      try {
        await internal.send(new HeadObjectCommand({ Bucket: cfg.bucket, Key: "__dilnaka_healthz" }));
        return true;
      } catch (err) {
        // 404: the store answered (there is no such key); 403: it answered but lists nothing to us.
        return statusOf(err) === 404 || statusOf(err) === 403;
      }
    },
  };
}
