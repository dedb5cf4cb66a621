import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { findKeyByHash, type KeyRow } from "../db/accounts.js";
import type { Queryable } from "../db/database.js";
import { ApiError } from "../http/respond.js";

const KEY_FORMAT = /^dlk_(dev|live)_[A-Za-z0-9_-]{8,200}$/;

export function hashKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** `dlk_dev_…abcd`: the only form of a key that may be printed or logged. */
export function keyHint(key: string): string {
  const prefix = key.startsWith("dlk_live_") ? "dlk_live_" : "dlk_dev_";
  return `${prefix}…${key.slice(-4)}`;
}

export function newApiKey(kind: "dev" | "live" = "dev"): string {
  return `dlk_${kind}_${randomBytes(24).toString("base64url")}`;
}

const unauthorized = () => new ApiError(401, "unauthorized", "Missing or invalid API key.");

/**
 * Resolves `Authorization: Bearer <key>`. Keys are stored only as SHA-256 hashes and looked up by
 * hash; the final comparison is constant-time, so response timing says nothing about the key.
 */
export async function authenticate(db: Queryable, req: IncomingMessage): Promise<KeyRow> {
  const header = req.headers.authorization ?? "";
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  const key = match?.[1];
  if (!key || !KEY_FORMAT.test(key)) throw unauthorized();
  const hash = hashKey(key);
  const row = await findKeyByHash(db, hash);
  if (!row || !timingSafeEqual(Buffer.from(row.keyHash, "hex"), Buffer.from(hash, "hex"))) throw unauthorized();
  return row;
}
