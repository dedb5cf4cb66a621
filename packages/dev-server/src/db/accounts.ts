import type { PlanName } from "../api/plans.js";
import type { Queryable } from "./database.js";

export interface KeyRow {
  appId: string;
  plan: PlanName;
  canWrite: boolean;
  keyHash: string;
}

export async function findKeyByHash(db: Queryable, keyHash: string): Promise<KeyRow | null> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT k.key_hash, k.app_id, k.can_write, a.plan FROM api_keys k JOIN apps a ON a.id = k.app_id WHERE k.key_hash = $1`,
    [keyHash],
  );
  const r = rows[0];
  if (!r) return null;
  return { keyHash: String(r.key_hash), appId: String(r.app_id), plan: r.plan as PlanName, canWrite: Boolean(r.can_write) };
}

export async function createApp(db: Queryable, id: string, plan: PlanName): Promise<void> {
  await db.query(`INSERT INTO apps (id, plan) VALUES ($1, $2)`, [id, plan]);
}

export async function setPlan(db: Queryable, appId: string, plan: PlanName): Promise<void> {
  await db.query(`UPDATE apps SET plan = $2 WHERE id = $1`, [appId, plan]);
}

export async function insertKey(
  db: Queryable,
  k: { keyHash: string; appId: string; hint: string; canWrite: boolean },
): Promise<void> {
  await db.query(`INSERT INTO api_keys (key_hash, app_id, hint, can_write) VALUES ($1, $2, $3, $4)`, [
    k.keyHash,
    k.appId,
    k.hint,
    k.canWrite,
  ]);
}

export async function getSetting(db: Queryable, name: string): Promise<string | null> {
  const rows = await db.query<{ value: string }>(`SELECT value FROM dev_settings WHERE name = $1`, [name]);
  return rows[0]?.value ?? null;
}

export async function setSetting(db: Queryable, name: string, value: string): Promise<void> {
  await db.query(
    `INSERT INTO dev_settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value`,
    [name, value],
  );
}
