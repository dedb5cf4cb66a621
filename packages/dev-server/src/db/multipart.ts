import type { Queryable } from "./database.js";

/** A multipart upload created through the API (table `multipart_uploads`). */
export interface MultipartRow {
  uploadId: string;
  fileId: string;
  appId: string;
  key: string;
  partSize: number;
  /** null for a stream of unknown length. */
  declaredSize: number | null;
  /** `SHA256` when every part carries its checksum, null otherwise. */
  checksumAlgorithm: "SHA256" | null;
  state: "pending" | "completed" | "aborted";
}

/** One part as storage holds it. */
export interface StoredPart {
  partNumber: number;
  etag: string;
  size: number;
  /** The base64 SHA-256 storage verified the part with, null when it carried none. */
  checksumSha256: string | null;
}

const COLUMNS = `upload_id, file_id, app_id, key, part_size, declared_size, checksum_algorithm, state`;

function toRow(r: Record<string, unknown>): MultipartRow {
  return {
    uploadId: String(r.upload_id),
    fileId: String(r.file_id),
    appId: String(r.app_id),
    key: String(r.key),
    partSize: Number(r.part_size),
    declaredSize: r.declared_size === null || r.declared_size === undefined ? null : Number(r.declared_size),
    checksumAlgorithm: r.checksum_algorithm === "SHA256" ? "SHA256" : null,
    state: r.state as MultipartRow["state"],
  };
}

export async function insertMultipart(db: Queryable, m: Omit<MultipartRow, "state">): Promise<void> {
  await db.query(
    `INSERT INTO multipart_uploads (upload_id, file_id, app_id, key, part_size, declared_size, checksum_algorithm)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [m.uploadId, m.fileId, m.appId, m.key, m.partSize, m.declaredSize, m.checksumAlgorithm],
  );
}

export async function multipartOfFile(db: Queryable, fileId: string): Promise<MultipartRow | null> {
  const rows = await db.query<Record<string, unknown>>(`SELECT ${COLUMNS} FROM multipart_uploads WHERE file_id = $1`, [fileId]);
  return rows[0] ? toRow(rows[0]) : null;
}

export async function multipartById(db: Queryable, uploadId: string): Promise<MultipartRow | null> {
  const rows = await db.query<Record<string, unknown>>(`SELECT ${COLUMNS} FROM multipart_uploads WHERE upload_id = $1`, [
    uploadId,
  ]);
  return rows[0] ? toRow(rows[0]) : null;
}

/** Ends an upload: its ledger rows go, the row stays as a tombstone so late part PUTs are refused. */
export async function endMultipart(db: Queryable, uploadId: string, state: "completed" | "aborted"): Promise<void> {
  await db.query(`UPDATE multipart_uploads SET state = $2 WHERE upload_id = $1`, [uploadId, state]);
  await db.query(`DELETE FROM upload_parts WHERE upload_id = $1`, [uploadId]);
}

/** Records (or replaces) a part the store accepted; false when the upload is no longer pending. */
export async function recordPart(db: Queryable, uploadId: string, part: StoredPart): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO upload_parts (upload_id, part_number, etag, size, checksum_sha256)
     SELECT upload_id, $2, $3, $4, $5 FROM multipart_uploads WHERE upload_id = $1 AND state = 'pending'
     ON CONFLICT (upload_id, part_number) DO UPDATE
       SET etag = EXCLUDED.etag, size = EXCLUDED.size, checksum_sha256 = EXCLUDED.checksum_sha256, uploaded_at = now()
     RETURNING part_number`,
    [uploadId, part.partNumber, part.etag, part.size, part.checksumSha256],
  );
  return rows.length > 0;
}

export async function forgetPart(db: Queryable, uploadId: string, partNumber: number): Promise<void> {
  await db.query(`DELETE FROM upload_parts WHERE upload_id = $1 AND part_number = $2`, [uploadId, partNumber]);
}

export async function ledgerParts(db: Queryable, uploadId: string): Promise<StoredPart[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT part_number, etag, size, checksum_sha256 FROM upload_parts WHERE upload_id = $1 ORDER BY part_number`,
    [uploadId],
  );
  return rows.map((r) => ({
    partNumber: Number(r.part_number),
    etag: String(r.etag),
    size: Number(r.size),
    checksumSha256: r.checksum_sha256 == null ? null : String(r.checksum_sha256),
  }));
}
