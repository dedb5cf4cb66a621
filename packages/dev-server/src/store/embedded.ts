import { mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** Fixed credentials of the embedded store: it only listens on loopback, behind our proxy. */
export const EMBEDDED_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } as const;
export const EMBEDDED_BUCKET = "dilnaka-dev";
export const EMBEDDED_REGION = "us-east-1";

export interface EmbeddedStore {
  /** `http://127.0.0.1:<port>` of s3rver itself (the proxy forwards here). */
  endpoint: string;
  close(): Promise<void>;
}

/**
 * Starts `@20minutes/s3rver` (an S3 implementation that verifies SigV4 signatures and expiry) on a
 * free loopback port, storing objects under `<dataDir>/objects`. Its bin is missing from the npm
 * tarball, so the programmatic API is the way in; buckets are created with `configureBuckets`.
 */
export async function startEmbeddedStore(dataDir: string): Promise<EmbeddedStore> {
  const directory = join(dataDir, "objects");
  mkdirSync(directory, { recursive: true });
  const S3rver = require("@20minutes/s3rver") as new (opts: object) => {
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
  };
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    vhostBuckets: false,
    configureBuckets: [{ name: EMBEDDED_BUCKET, configs: [] }],
  });
  const address = await server.run();
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    close: () => server.close(),
  };
}
