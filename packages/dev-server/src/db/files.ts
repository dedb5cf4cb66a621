import type { Queryable } from "./database.js";

export interface FileRow {
  seq: number;
  id: string;
  appId: string;
  status: "pending" | "uploaded";
  key: string;
  originalName: string;
  contentType: string;
  size: number;
  metadata: Record<string, string> | null;
  createdAt: Date;
}

const COLUMNS = `seq, id, app_id, status, key, original_name, content_type, size, metadata, created_at`;

type Raw = Record<string, unknown>;

function toRow(r: Raw): FileRow {
  const meta = r.metadata;
  return {
    seq: Number(r.seq),
    id: String(r.id),
    appId: String(r.app_id),
    status: r.status as FileRow["status"],
    key: String(r.key),
    originalName: String(r.original_name),
    contentType: String(r.content_type),
    size: Number(r.size),
    metadata: (typeof meta === "string" ? JSON.parse(meta) : meta) as FileRow["metadata"],
    createdAt: r.created_at instanceof Date ? r.created_at : new Date(String(r.created_at)),
  };
}

export async function insertFile(
  db: Queryable,
  f: Pick<FileRow, "id" | "appId" | "key" | "originalName" | "contentType" | "size" | "metadata">,
): Promise<FileRow> {
  const rows = await db.query<Raw>(
    `INSERT INTO files (id, app_id, status, key, original_name, content_type, size, metadata)
     VALUES ($1, $2, 'pending', $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
    [f.id, f.appId, f.key, f.originalName, f.contentType, f.size, f.metadata ? JSON.stringify(f.metadata) : null],
  );
  return toRow(rows[0]!);
}

export async function findFile(db: Queryable, id: string): Promise<FileRow | null> {
  const rows = await db.query<Raw>(`SELECT ${COLUMNS} FROM files WHERE id = $1`, [id]);
  return rows[0] ? toRow(rows[0]) : null;
}

/** Marks a pending file uploaded; null when another request already did (complete is idempotent). */
export async function markUploaded(db: Queryable, id: string): Promise<FileRow | null> {
  const rows = await db.query<Raw>(
    `UPDATE files SET status = 'uploaded', uploaded_at = now() WHERE id = $1 AND status = 'pending' RETURNING ${COLUMNS}`,
    [id],
  );
  return rows[0] ? toRow(rows[0]) : null;
}

export async function deleteFileRow(db: Queryable, id: string): Promise<FileRow | null> {
  const rows = await db.query<Raw>(`DELETE FROM files WHERE id = $1 RETURNING ${COLUMNS}`, [id]);
  return rows[0] ? toRow(rows[0]) : null;
}

/** One page, newest first; `beforeSeq` comes from the previous page's cursor. */
export async function listFiles(
  db: Queryable,
  appId: string,
  limit: number,
  beforeSeq: number | null,
): Promise<{ files: FileRow[]; more: boolean }> {
  const rows = await db.query<Raw>(
    `SELECT ${COLUMNS} FROM files WHERE app_id = $1 AND ($2::bigint IS NULL OR seq < $2::bigint)
     ORDER BY seq DESC LIMIT $3`,
    [appId, beforeSeq, limit + 1],
  );
  return { files: rows.slice(0, limit).map(toRow), more: rows.length > limit };
}
