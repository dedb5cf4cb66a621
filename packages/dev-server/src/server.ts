import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createApp, getSetting, insertKey, setPlan, setSetting } from "./db/accounts.js";
import { openDatabase } from "./db/database.js";
import { hashKey, keyHint, newApiKey } from "./api/keys.js";
import { type PlanName } from "./api/plans.js";
import type { ServerContext } from "./context.js";
import { FaultRegistry } from "./faults/registry.js";
import { startSweeper } from "./api/expiry.js";
import { ApiRequestLog } from "./http/api-request-log.js";
import { createApiHandler } from "./http/router.js";
import { resolveStore } from "./store/resolve.js";
import { prismProxyRequested, startPrismProxy } from "./testing/prism-proxy.js";

export interface DevServerOptions {
  /** TCP port of the API; 0 (the default here; the CLI defaults to 4100) picks a free one. */
  port?: number;
  /** Interface to bind; loopback unless you ask otherwise. */
  host?: string;
  /** Where metadata and objects live. Default: a new temporary folder, removed by stop(). */
  dataDir?: string;
  /** Turn on fault injection (`X-Dilnaka-Fault`, `/__dev/faults`). */
  faults?: boolean;
  /** Plan of the dev account; kept from the previous run of this data dir when not given (else free). */
  plan?: PlanName;
  /** Environment to read S3_* / AWS_* / DATABASE_URL from. Default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** Offer the multipart extension (default true); false acts as a backend without it (404). */
  multipart?: boolean;
  /** Seconds a multipart upload may stay incomplete before it is aborted (default 86400). */
  multipartTtl?: number;
  /** Lifetime of single-PUT upload URLs, seconds (default 300). */
  uploadUrlTtl?: number;
  /** Seconds a single-PUT upload stays pending after its URL expired (default 60). */
  pendingGrace?: number;
  /** Seconds between two expiry sweeps (default 60; reads also sweep lazily). */
  sweepInterval?: number;
}

export interface DevServer {
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  /** The dev account's API key (`dlk_dev_…`). */
  apiKey: string;
  /** Base URL presigned URLs point at (the embedded store front, or S3_ENDPOINT). */
  storeUrl: string;
  dataDir: string;
  stop(): Promise<void>;
}

const DEV_APP = "app_dev";

function positive(name: string, value: number | undefined, fallback: number, integer: boolean): number {
  if (value === undefined) return fallback;
  if (!(value > 0) || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new Error(`${name} must be a positive ${integer ? "integer" : "number"} of seconds, got ${value}`);
  }
  return value;
}

export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const env = options.env ?? process.env;
  const host = options.host ?? "127.0.0.1";
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = resolve(options.dataDir ?? mkdtempSync(join(tmpdir(), "dilnaka-dev-")));
  prepareDataDir(dataDir);

  const cleanups: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn().catch(() => undefined);
    if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const multipartTtl = positive("multipartTtl", options.multipartTtl, 86_400, true);
    const uploadUrlTtl = positive("uploadUrlTtl", options.uploadUrlTtl, 300, true);
    const pendingGrace = options.pendingGrace === 0 ? 0 : positive("pendingGrace", options.pendingGrace, 60, false);
    const sweepInterval = positive("sweepInterval", options.sweepInterval, 60, false);
    const faults = new FaultRegistry(options.faults === true);
    const db = await openDatabase({ dataDir, databaseUrl: env.DATABASE_URL });
    cleanups.push(() => db.close());
    const store = await resolveStore({ dataDir, env, faults, host, db });
    cleanups.push(store.close);
    const { apiKey, plan } = await ensureDevAccount(db, options.plan);

    const ctx: ServerContext = {
      db,
      store: store.objects,
      faults,
      storeLog: store.requestLog,
      apiLog: new ApiRequestLog(),
      devAppId: DEV_APP,
      defaultPlan: plan,
      uploadUrlTtl,
      defaultAccessTtl: 3600,
      multipart: options.multipart !== false,
      multipartTtl,
      partUrlTtl: Math.min(3600, multipartTtl),
      pendingGrace,
    };
    const log = (err: unknown) => process.stderr.write(`dilnaka dev-server: expiry sweep: ${(err as Error)?.message ?? err}\n`);
    cleanups.push(startSweeper(ctx, sweepInterval * 1000, log));
    const server = http.createServer(createApiHandler(ctx, () => store.objects.ping()));
    server.requestTimeout = 0;
    await new Promise<void>((ok, fail) => {
      server.once("error", fail);
      server.listen(options.port ?? 0, host, ok);
    });
    cleanups.push(
      () =>
        new Promise<void>((ok) => {
          server.close(() => ok());
          server.closeAllConnections();
        }),
    );
    const { port } = server.address() as AddressInfo;
    const urlHost = host.includes(":") ? `[${host}]` : host;
    const apiUrl = `http://${urlHost}:${port}`;
    if (!prismProxyRequested(env)) return { baseUrl: apiUrl, apiKey, storeUrl: store.publicEndpoint, dataDir, stop };
    // DILNAKA_E2E_PRISM_PROXY=1: clients get a URL behind `prism proxy --errors` (src/testing/prism-proxy.ts).
    const proxy = await startPrismProxy(apiUrl, host);
    cleanups.push(proxy.stop);
    const stopChecked = async () => {
      await stop();
      const seen = proxy.violations();
      if (seen.length > 0) throw new Error(`${seen.length} request(s)/response(s) broke spec/openapi.yaml:\n${seen.join("\n")}`);
    };
    return { baseUrl: proxy.url, apiKey, storeUrl: store.publicEndpoint, dataDir, stop: stopChecked };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Creates the data dir, git-ignored from inside so a default `.dilnaka-dev/` never gets committed. */
function prepareDataDir(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const ignore = join(dir, ".gitignore");
  if (!existsSync(ignore)) writeFileSync(ignore, "# Data of the Dilnaka dev server\n*\n");
}

/**
 * The dev account and its key survive restarts on the same data dir, so a client keeps working
 * after a crash. The plaintext dev key is kept in `dev_settings` only so it can be printed again;
 * the `api_keys` table, which authentication uses, holds hashes.
 */
async function ensureDevAccount(
  db: Awaited<ReturnType<typeof openDatabase>>,
  plan: PlanName | undefined,
): Promise<{ apiKey: string; plan: PlanName }> {
  return db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(4101)");
    let apiKey = await getSetting(tx, "dev_api_key");
    if (!apiKey) {
      apiKey = newApiKey("dev");
      await createApp(tx, DEV_APP, plan ?? "free");
      await insertKey(tx, { keyHash: hashKey(apiKey), appId: DEV_APP, hint: keyHint(apiKey), canWrite: true });
      await setSetting(tx, "dev_api_key", apiKey);
    } else if (plan) {
      await setPlan(tx, DEV_APP, plan);
    }
    const rows = await tx.query<{ plan: PlanName }>("SELECT plan FROM apps WHERE id = $1", [DEV_APP]);
    return { apiKey, plan: rows[0]?.plan ?? "free" };
  });
}
