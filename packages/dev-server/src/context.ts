import type { PlanName } from "./api/plans.js";
import type { Database } from "./db/database.js";
import type { FaultRegistry } from "./faults/registry.js";
import type { ApiRequestLog } from "./http/api-request-log.js";
import type { ObjectStore } from "./store/objects.js";
import type { StoreRequestLog } from "./store/request-log.js";

/** Everything a request handler needs; built once by startDevServer. */
export interface ServerContext {
  db: Database;
  store: ObjectStore;
  faults: FaultRegistry;
  /** Requests the embedded store front saw (`/__dev/store-requests`). */
  storeLog: StoreRequestLog;
  /** Calls of spec operations the API saw (`/__dev/api-requests`). */
  apiLog: ApiRequestLog;
  /** The app of the printed dev key: target of `/__dev/usage` when no key is given. */
  devAppId: string;
  defaultPlan: PlanName;
  /** Lifetime of presigned upload URLs, seconds. */
  uploadUrlTtl: number;
  /** Lifetime of access URLs when `expiresIn` is not given, seconds. */
  defaultAccessTtl: number;
  /** Whether the multipart extension is offered (off: its routes answer 404, as on an older backend). */
  multipart: boolean;
  /** Seconds a multipart upload may stay incomplete before the sweep aborts it. */
  multipartTtl: number;
  /** Lifetime of presigned part URLs, seconds (never longer than multipartTtl). */
  partUrlTtl: number;
  /** Seconds a single-PUT upload stays pending after its URL expired, for a PUT still in flight. */
  pendingGrace: number;
}
