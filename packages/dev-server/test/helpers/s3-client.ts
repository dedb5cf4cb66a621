import { S3Client } from "@aws-sdk/client-s3";
import { EMBEDDED_CREDENTIALS } from "../../src/store/embedded.js";

/**
 * A raw S3 client (as @aws-sdk/lib-storage uses in the benchmark) talking S3 to the store front.
 * Checksums only when S3 requires one: the AWS SDK's default CRC32 would change what the tests send.
 */
export function embeddedS3Client(storeUrl: string): S3Client {
  return new S3Client({
    endpoint: storeUrl,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: EMBEDDED_CREDENTIALS,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}
