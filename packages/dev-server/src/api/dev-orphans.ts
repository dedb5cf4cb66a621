import type { ServerContext } from "../context.js";

/**
 * `GET /__dev/orphans[?prefix=<key prefix>]`: what storage holds that no completed file accounts
 * for, so fault suites can prove a failed upload left nothing behind:
 * - `object`: a stored object whose key is not an `uploaded` file's (no file row at all, or one
 *   still `pending`, e.g. a complete that never succeeded);
 * - `parts`: parts held for a multipart upload still `pending` (neither completed nor aborted).
 * Parts come from the embedded store's ledger (an external store lists none here).
 */
export interface Orphan {
  kind: "object" | "parts";
  key: string;
  /** The file the object or parts belong to; null for an object no file names. */
  fileId: string | null;
  /** `pending` when a file row exists; null when none does. */
  fileStatus: "pending" | null;
  /** Bytes stored (all parts together for `parts`). */
  size: number;
  /** Number of parts held (`parts` only). */
  parts?: number;
}

export async function storeOrphans(ctx: ServerContext, url: URL) {
  const prefix = url.searchParams.get("prefix") ?? "";
  const objects = await ctx.store.listObjects(prefix);
  const rows = await ctx.db.query<{ id: string; key: string; status: string }>(
    "SELECT id, key, status FROM files WHERE starts_with(key, $1)",
    [prefix],
  );
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const orphans: Orphan[] = [];
  for (const o of objects) {
    const file = byKey.get(o.key);
    if (file?.status === "uploaded") continue;
    orphans.push({ kind: "object", key: o.key, fileId: file?.id ?? null, fileStatus: file ? "pending" : null, size: o.size });
  }
  const held = await ctx.db.query<{ file_id: string; key: string; parts: unknown; size: unknown }>(
    `SELECT m.file_id, m.key, count(*) AS parts, sum(p.size) AS size
       FROM multipart_uploads m JOIN upload_parts p ON p.upload_id = m.upload_id
      WHERE m.state = 'pending' AND starts_with(m.key, $1)
      GROUP BY m.file_id, m.key ORDER BY m.key`,
    [prefix],
  );
  for (const h of held) {
    orphans.push({ kind: "parts", key: h.key, fileId: h.file_id, fileStatus: "pending", size: Number(h.size), parts: Number(h.parts) });
  }
  return { success: true, prefix, objects: objects.length, orphans };
}
