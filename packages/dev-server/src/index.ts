export { startDevServer, type DevServer, type DevServerOptions } from "./server.js";
export type { PlanName } from "./api/plans.js";
export { PLANS } from "./api/plans.js";
export { validateResponse } from "./spec/openapi.js";
