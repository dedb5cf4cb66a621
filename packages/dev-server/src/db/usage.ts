import type { Queryable } from "./database.js";

/** The billing month of `now`, `YYYY-MM` in UTC. */
export function billingMonth(now = new Date()): string {
  return now.toISOString().slice(0, 7);
}

export async function storageUsed(db: Queryable, appId: string): Promise<number> {
  const rows = await db.query<{ storage_bytes: unknown }>(`SELECT storage_bytes FROM apps WHERE id = $1`, [appId]);
  return Number(rows[0]?.storage_bytes ?? 0);
}

export async function addStorage(db: Queryable, appId: string, delta: number): Promise<void> {
  await db.query(`UPDATE apps SET storage_bytes = GREATEST(0, storage_bytes + $2) WHERE id = $1`, [appId, delta]);
}

export async function setStorage(db: Queryable, appId: string, bytes: number): Promise<void> {
  await db.query(`UPDATE apps SET storage_bytes = $2 WHERE id = $1`, [appId, bytes]);
}

/** Bandwidth served this month; locks the row (FOR UPDATE) so check-and-charge is atomic. */
export async function bandwidthUsedForUpdate(db: Queryable, appId: string, month: string): Promise<number> {
  await db.query(
    `INSERT INTO bandwidth_usage (app_id, month, bytes) VALUES ($1, $2, 0) ON CONFLICT (app_id, month) DO NOTHING`,
    [appId, month],
  );
  const rows = await db.query<{ bytes: unknown }>(
    `SELECT bytes FROM bandwidth_usage WHERE app_id = $1 AND month = $2 FOR UPDATE`,
    [appId, month],
  );
  return Number(rows[0]?.bytes ?? 0);
}

export async function addBandwidth(db: Queryable, appId: string, month: string, delta: number): Promise<void> {
  await db.query(`UPDATE bandwidth_usage SET bytes = bytes + $3 WHERE app_id = $1 AND month = $2`, [appId, month, delta]);
}

export async function setBandwidth(db: Queryable, appId: string, month: string, bytes: number): Promise<void> {
  await db.query(
    `INSERT INTO bandwidth_usage (app_id, month, bytes) VALUES ($1, $2, $3)
     ON CONFLICT (app_id, month) DO UPDATE SET bytes = EXCLUDED.bytes`,
    [appId, month, bytes],
  );
}

export async function bandwidthUsed(db: Queryable, appId: string, month: string): Promise<number> {
  const rows = await db.query<{ bytes: unknown }>(`SELECT bytes FROM bandwidth_usage WHERE app_id = $1 AND month = $2`, [
    appId,
    month,
  ]);
  return Number(rows[0]?.bytes ?? 0);
}
