import { AsyncLocalStorage } from "node:async_hooks";
import type { IncomingHttpHeaders } from "node:http";

/** What s3rver's store methods need to know about the request they serve. */
export interface StoreRequestContext {
  method: string;
  headers: IncomingHttpHeaders;
}

/**
 * s3rver's controllers call its FilesystemStore without the request (`putPart(bucket, uploadId,
 * n, body)`, `getObject(bucket, key, {start, end})`), and they drop what our replacements need:
 * the `x-amz-checksum-sha256` header and the raw `Range` header (which s3rver parses wrongly, see
 * `range.ts`). Every request to s3rver runs inside this context, so the replacements can read them.
 */
export const storeRequestContext = new AsyncLocalStorage<StoreRequestContext>();

export function currentStoreRequest(): StoreRequestContext | undefined {
  return storeRequestContext.getStore();
}
