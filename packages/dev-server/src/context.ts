import type { PlanName } from "./api/plans.js";
import type { Database } from "./db/database.js";
import type { FaultRegistry } from "./faults/registry.js";
import type { ObjectStore } from "./store/objects.js";

/** Everything a request handler needs; built once by startDevServer. */
export interface ServerContext {
  db: Database;
  store: ObjectStore;
  faults: FaultRegistry;
  /** The app of the printed dev key: target of `/__dev/usage` when no key is given. */
  devAppId: string;
  defaultPlan: PlanName;
  /** Lifetime of presigned upload URLs, seconds. */
  uploadUrlTtl: number;
  /** Lifetime of access URLs when `expiresIn` is not given, seconds. */
  defaultAccessTtl: number;
}
