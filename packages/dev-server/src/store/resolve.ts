import type { Queryable } from "../db/database.js";
import type { FaultRegistry } from "../faults/registry.js";
import { EMBEDDED_BUCKET, EMBEDDED_CREDENTIALS, EMBEDDED_REGION, startEmbeddedStore } from "./embedded.js";
import { createObjectStore, type ObjectStore } from "./objects.js";
import { startStoreFront } from "./front.js";
import { PartsLedger } from "./parts-ledger.js";
import { StoreRequestLog } from "./request-log.js";

export interface ResolvedStore {
  objects: ObjectStore;
  publicEndpoint: string;
  /** What the store front saw; stays empty with an external store (no front). */
  requestLog: StoreRequestLog;
  close(): Promise<void>;
}

/**
 * The embedded store (s3rver behind our front: CORS, faults) by default; an external S3-compatible endpoint when
 * S3_ENDPOINT or S3_BUCKET is set, with credentials from the usual AWS_* variables. Store fault
 * injection needs the front, so it only exists with the embedded store. An external store answers
 * ListParts and AbortMultipartUpload itself; for s3rver the parts ledger in `db` does.
 */
export async function resolveStore(opts: {
  dataDir: string;
  env: NodeJS.ProcessEnv;
  faults: FaultRegistry;
  host: string;
  db: Queryable;
}): Promise<ResolvedStore> {
  const { env } = opts;
  if (env.S3_ENDPOINT || env.S3_BUCKET) {
    if (!env.S3_BUCKET) throw new Error("S3_ENDPOINT is set but S3_BUCKET is not: name the bucket to store files in.");
    const endpoint = env.S3_ENDPOINT ?? `https://s3.${env.S3_REGION ?? "us-east-1"}.amazonaws.com`;
    const credentials =
      env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
        ? {
            accessKeyId: env.AWS_ACCESS_KEY_ID,
            secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
            ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
          }
        : undefined;
    const objects = createObjectStore({
      internalEndpoint: endpoint,
      publicEndpoint: endpoint,
      bucket: env.S3_BUCKET,
      region: env.S3_REGION ?? "us-east-1",
      credentials,
      forcePathStyle: env.S3_FORCE_PATH_STYLE !== "false",
    });
    return { objects, publicEndpoint: endpoint, requestLog: new StoreRequestLog(), close: async () => undefined };
  }
  const embedded = await startEmbeddedStore(opts.dataDir);
  const ledger = new PartsLedger(opts.db, embedded.uploadsDir);
  const front = await startStoreFront({ handler: embedded.handler, faults: opts.faults, host: opts.host, ledger });
  const signed = createObjectStore(
    {
      internalEndpoint: embedded.endpoint,
      publicEndpoint: front.endpoint,
      bucket: EMBEDDED_BUCKET,
      region: EMBEDDED_REGION,
      credentials: EMBEDDED_CREDENTIALS,
      forcePathStyle: true,
    },
    {
      listParts: (key, uploadId) => ledger.listParts(key, uploadId),
      abort: (key, uploadId) => ledger.abort(key, uploadId),
    },
  );
  const objects: ObjectStore = { ...signed, listObjects: embedded.listObjects };
  return {
    objects,
    publicEndpoint: front.endpoint,
    requestLog: front.log,
    close: async () => {
      await front.close();
      await embedded.close();
    },
  };
}
