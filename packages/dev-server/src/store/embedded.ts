import { mkdirSync } from "node:fs";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { join } from "node:path";
import { completeInS3rverLayout } from "./embedded-assemble.js";
import { installRangeGet, type S3rverStoreForGet } from "./embedded-get.js";
import { installVerifiedPut, type S3rverStoreForPut } from "./embedded-put.js";
import { storeRequestContext } from "./request-context.js";

const require = createRequire(import.meta.url);

/** Fixed credentials of the embedded store: it only listens on loopback. */
export const EMBEDDED_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } as const;
export const EMBEDDED_BUCKET = "dilnaka-dev";
export const EMBEDDED_REGION = "us-east-1";

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface EmbeddedStore {
  /** `http://127.0.0.1:<port>` answered by s3rver alone (the server's own HEAD/DELETE go here). */
  endpoint: string;
  /** s3rver's request handler, for the public store front to call in-process. */
  handler: RequestHandler;
  /** s3rver's folder of multipart uploads in progress: `<uploadId>/<partNumber>` files. */
  uploadsDir: string;
  /** Stored objects under a key prefix, read from s3rver's own store (its ListObjects needs a signature the AWS SDK's request does not match). */
  listObjects(prefix: string): Promise<Array<{ key: string; size: number }>>;
  close(): Promise<void>;
}

/**
 * `@20minutes/s3rver`, an S3 implementation that verifies SigV4 signatures and expiry, storing
 * objects under `<dataDir>/objects`. Its bin is missing from the npm tarball, so the programmatic
 * API is the way in: the bucket is created with `configureBuckets`, and its Koa handler is mounted
 * on our own loopback servers instead of s3rver's `run()`, so the public front (CORS, faults) calls
 * it in-process rather than through a second HTTP hop.
 */
export async function startEmbeddedStore(dataDir: string): Promise<EmbeddedStore> {
  const directory = join(dataDir, "objects");
  mkdirSync(directory, { recursive: true });
  const S3rver = require("@20minutes/s3rver") as new (opts: object) => {
    configureBuckets(): Promise<void>;
    callback(): RequestHandler;
    store: S3rverStoreForGet & S3rverStoreForPut & {
      putObjectMultipart(bucket: string, uploadId: string, parts: Array<{ number: number; etag: string }>): Promise<unknown>;
      listObjects(bucket: string, options: { prefix?: string }): Promise<{ objects: Array<{ key: string; size: number }> }>;
    };
  };
  const s3rver = new S3rver({
    silent: true,
    directory,
    vhostBuckets: false,
    configureBuckets: [{ name: EMBEDDED_BUCKET, configs: [] }],
  });
  await s3rver.configureBuckets();
  // s3rver's CompleteMultipartUpload checks nothing and is slow: ours, in its layout (see there).
  s3rver.store.putObjectMultipart = (bucket, uploadId, parts) => {
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(uploadId)) return Promise.reject(new Error("unexpected upload id"));
    return completeInS3rverLayout(join(directory, bucket), uploadId, parts);
  };
  // s3rver reads Range wrongly and checks no checksum: ours, as S3 does (see there).
  installRangeGet(s3rver.store);
  installVerifiedPut(s3rver.store);
  const koa = s3rver.callback();
  // The store replacements read the request's headers from this context (request-context.ts).
  const handler: RequestHandler = (req, res) =>
    storeRequestContext.run({ method: req.method ?? "GET", headers: req.headers }, () => koa(req, res));
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    handler,
    // s3rver's FilesystemStore.getResourcePath(bucket, "", "uploads"): "%s._S3rver_%s" with an empty key.
    uploadsDir: join(directory, EMBEDDED_BUCKET, "._S3rver_uploads"),
    listObjects: async (prefix) =>
      (await s3rver.store.listObjects(EMBEDDED_BUCKET, { prefix })).objects.map((o) => ({ key: o.key, size: Number(o.size) })),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
