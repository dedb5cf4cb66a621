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
  /** When a pending upload is abandoned by the expiry sweep; null once uploaded. */
  expiresAt: Date | null;
  /** File.checksumSha256: set at complete; null when the upload gave none. */
  checksumSha256: string | null;
  /** Single PUT: the SHA-256 signed into the upload URL (becomes checksumSha256 at complete). */
  signedChecksumSha256: string | null;
  /** File.partSize: bytes per part of a multipart upload, null for a single PUT. */
  partSize: number | null;
}

export type StatusFilter = "uploaded" | "pending" | "all";

const COLUMNS = `seq, id, app_id, status, key, original_name, content_type, size, metadata, created_at, expires_at,
  checksum_sha256, signed_checksum_sha256, part_size`;

const toDate = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));

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
    createdAt: toDate(r.created_at),
    expiresAt: r.expires_at === null || r.expires_at === undefined ? null : toDate(r.expires_at),
    checksumSha256: r.checksum_sha256 == null ? null : String(r.checksum_sha256),
    signedChecksumSha256: r.signed_checksum_sha256 == null ? null : String(r.signed_checksum_sha256),
    partSize: r.part_size == null ? null : Number(r.part_size),
  };
}

export async function insertFile(
  db: Queryable,
  f: Pick<FileRow, "id" | "appId" | "key" | "originalName" | "contentType" | "size" | "metadata"> &
    Partial<Pick<FileRow, "signedChecksumSha256" | "partSize">>,
  ttlSeconds: number,
): Promise<FileRow> {
  const rows = await db.query<Raw>(
    `INSERT INTO files (id, app_id, status, key, original_name, content_type, size, metadata, expires_at, signed_checksum_sha256, part_size)
     VALUES ($1, $2, 'pending', $3, $4, $5, $6, $7, now() + make_interval(secs => $8::double precision), $9, $10) RETURNING ${COLUMNS}`,
    [
      f.id,
      f.appId,
      f.key,
      f.originalName,
      f.contentType,
      f.size,
      f.metadata ? JSON.stringify(f.metadata) : null,
      ttlSeconds,
      f.signedChecksumSha256 ?? null,
      f.partSize ?? null,
    ],
  );
  return toRow(rows[0]!);
}

export async function findFile(db: Queryable, id: string): Promise<FileRow | null> {
  const rows = await db.query<Raw>(`SELECT ${COLUMNS} FROM files WHERE id = $1`, [id]);
  return rows[0] ? toRow(rows[0]) : null;
}

/**
 * Marks a pending file uploaded (with its final size when it was not known before, and its
 * checksum: the given one, else the one signed into its single-PUT URL); null when another request
 * already did (complete is idempotent).
 */
export async function markUploaded(db: Queryable, id: string, size?: number, checksumSha256?: string | null): Promise<FileRow | null> {
  const rows = await db.query<Raw>(
    `UPDATE files SET status = 'uploaded', uploaded_at = now(), expires_at = NULL, size = COALESCE($2::bigint, size),
       checksum_sha256 = COALESCE($3::text, signed_checksum_sha256)
     WHERE id = $1 AND status = 'pending' RETURNING ${COLUMNS}`,
    [id, size ?? null, checksumSha256 ?? null],
  );
  return rows[0] ? toRow(rows[0]) : null;
}

export async function deleteFileRow(db: Queryable, id: string): Promise<FileRow | null> {
  const rows = await db.query<Raw>(`DELETE FROM files WHERE id = $1 RETURNING ${COLUMNS}`, [id]);
  return rows[0] ? toRow(rows[0]) : null;
}

/** Deletes the row only while it is still pending: null when it was completed (or gone) meanwhile. */
export async function deletePendingRow(db: Queryable, id: string): Promise<FileRow | null> {
  const rows = await db.query<Raw>(`DELETE FROM files WHERE id = $1 AND status = 'pending' RETURNING ${COLUMNS}`, [id]);
  return rows[0] ? toRow(rows[0]) : null;
}

/** Pending uploads whose lifetime has passed, oldest deadline first (of one app, or of all). */
export async function findExpired(db: Queryable, appId: string | null, limit: number): Promise<FileRow[]> {
  const rows = await db.query<Raw>(
    `SELECT ${COLUMNS} FROM files WHERE status = 'pending' AND expires_at <= now() AND ($1::text IS NULL OR app_id = $1::text)
     ORDER BY expires_at LIMIT $2`,
    [appId, limit],
  );
  return rows.map(toRow);
}

/** One page, newest first; `beforeSeq` comes from the previous page's cursor. */
export async function listFiles(
  db: Queryable,
  appId: string,
  limit: number,
  beforeSeq: number | null,
  status: StatusFilter = "all",
): Promise<{ files: FileRow[]; more: boolean }> {
  const rows = await db.query<Raw>(
    `SELECT ${COLUMNS} FROM files WHERE app_id = $1 AND ($2::bigint IS NULL OR seq < $2::bigint)
     AND ($4::text = 'all' OR status = $4::text)
     ORDER BY seq DESC LIMIT $3`,
    [appId, beforeSeq, limit + 1, status],
  );
  return { files: rows.slice(0, limit).map(toRow), more: rows.length > limit };
}
