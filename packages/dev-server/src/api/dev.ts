import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { createApp, insertKey, setPlan } from "../db/accounts.js";
import { billingMonth, bandwidthUsed, setBandwidth, setStorage, storageUsed } from "../db/usage.js";
import type { ServerContext } from "../context.js";
import { hasEffect } from "../faults/grammar.js";
import type { ArmedFault } from "../faults/registry.js";
import { ApiError } from "../http/respond.js";
import { authenticate, hashKey, keyHint, newApiKey } from "./keys.js";
import { isPlanName } from "./plans.js";

/**
 * Dev-only endpoints under `/__dev/` (not part of the spec): arm faults, set usage, mint keys.
 * They need no API key (the server binds to loopback); with a key, they act on that key's app.
 */
const bad = (message: string) => new ApiError(400, "invalid_request", message);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

async function targetApp(ctx: ServerContext, req: IncomingMessage): Promise<string> {
  return req.headers.authorization ? (await authenticate(ctx.db, req)).appId : ctx.devAppId;
}

const optionalInt = (body: Record<string, unknown>, name: string, min: number, max: number): number | undefined => {
  const v = body[name];
  if (v === undefined) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    throw bad(`${name} must be an integer between ${min} and ${max}.`);
  }
  return v;
};

export function armFault(ctx: ServerContext, body: unknown) {
  if (!ctx.faults.enabled) throw faultsOff();
  const list = Array.isArray(body) ? body : [body];
  for (const f of list) {
    if (!isObject(f) || (f.target !== "api" && f.target !== "store")) throw bad('target must be "api" or "store".');
    if (f.operation !== undefined && typeof f.operation !== "string") throw bad("operation must be a string.");
    const fault: ArmedFault = {
      target: f.target,
      ...(typeof f.operation === "string" ? { operation: f.operation } : {}),
      status: optionalInt(f, "status", 400, 599),
      times: optionalInt(f, "times", 1, 1_000_000),
      retryAfter: optionalInt(f, "retryAfter", 0, 3600),
      delayMs: optionalInt(f, "delayMs", 0, 600_000),
      reset: f.reset === true,
      expireUrl: f.expireUrl === true,
      resetAfterBytes: optionalInt(f, "resetAfterBytes", 0, Number.MAX_SAFE_INTEGER),
      part: optionalInt(f, "part", 1, 10_000),
      corruptByte: optionalInt(f, "corruptByte", 0, Number.MAX_SAFE_INTEGER),
      dropResponse: f.dropResponse === true,
    };
    if (fault.dropResponse && f.target !== "api") throw bad('dropResponse applies to API calls: use "target": "api".');
    for (const name of ["part", "corruptByte"] as const) {
      if (fault[name] !== undefined && f.target !== "store") throw bad(`${name} applies to store requests: use "target": "store".`);
    }
    if (!hasEffect(fault)) throw bad("give at least one of status, reset, resetAfterBytes, corruptByte, delayMs, expireUrl, dropResponse.");
    ctx.faults.arm(fault);
  }
  return { success: true, armed: ctx.faults.pending() };
}

const faultsOff = () => new ApiError(404, "not_found", "Fault injection is off: start the dev server with --faults.");

export function clearFaults(ctx: ServerContext) {
  if (!ctx.faults.enabled) throw faultsOff();
  ctx.faults.clear();
  return { success: true, armed: [] };
}

export function listFaults(ctx: ServerContext) {
  if (!ctx.faults.enabled) throw faultsOff();
  return { success: true, armed: ctx.faults.pending() };
}

export async function setUsage(ctx: ServerContext, req: IncomingMessage, body: unknown) {
  if (!isObject(body)) throw bad("Send a JSON object like {\"bandwidthBytes\": 5000000000}.");
  const appId = await targetApp(ctx, req);
  const bandwidth = optionalInt(body, "bandwidthBytes", 0, Number.MAX_SAFE_INTEGER);
  const storage = optionalInt(body, "storageBytes", 0, Number.MAX_SAFE_INTEGER);
  if (body.plan !== undefined && !isPlanName(body.plan)) throw bad('plan must be "free", "pro" or "usage".');
  const month = billingMonth();
  await ctx.db.transaction(async (tx) => {
    if (bandwidth !== undefined) await setBandwidth(tx, appId, month, bandwidth);
    if (storage !== undefined) await setStorage(tx, appId, storage);
    if (isPlanName(body.plan)) await setPlan(tx, appId, body.plan);
  });
  return {
    success: true,
    month,
    bandwidthBytes: await bandwidthUsed(ctx.db, appId, month),
    storageBytes: await storageUsed(ctx.db, appId),
  };
}

/** `{"sameApp": true, "canWrite": false}` → a read-only key of the dev app; `sameApp: false` → a new app. */
export async function mintKey(ctx: ServerContext, body: unknown) {
  const b = isObject(body) ? body : {};
  const plan = isPlanName(b.plan) ? b.plan : ctx.defaultPlan;
  const key = newApiKey(b.live === true ? "live" : "dev");
  let appId = ctx.devAppId;
  await ctx.db.transaction(async (tx) => {
    if (b.sameApp === false) {
      appId = `app_${randomBytes(8).toString("hex")}`;
      await createApp(tx, appId, plan);
    }
    await insertKey(tx, { keyHash: hashKey(key), appId, hint: keyHint(key), canWrite: b.canWrite !== false });
  });
  return { success: true, apiKey: key, appId };
}
