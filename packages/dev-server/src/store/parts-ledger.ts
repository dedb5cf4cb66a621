import { rm, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Queryable } from "../db/database.js";
import { forgetPart, ledgerParts, multipartById, recordPart, type StoredPart } from "../db/multipart.js";

/** s3rver's upload ids are hex; anything else must never become a path. */
const SAFE_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** A part file's identity before a PUT reaches s3rver, to tell afterwards whether s3rver touched it. */
export type PartStamp = string | null;

/**
 * The parts ledger of the embedded store. s3rver 4.0.4 has CreateMultipartUpload, UploadPart and
 * CompleteMultipartUpload but no ListParts and no AbortMultipartUpload, and it checks nothing at
 * complete (ETags, sizes, order: it sorts the parts and concatenates whatever files it has). So the
 * store front records each part s3rver accepts (its ETag, and its size as stored on disk), listing
 * reads this ledger, abort deletes s3rver's upload folder
 * (`<objects>/<bucket>/._S3rver_uploads/<uploadId>/<partNumber>`). (Its Complete is replaced in
 * `embedded.ts`.)
 */
export class PartsLedger {
  constructor(
    private readonly db: Queryable,
    /** s3rver's folder of in-progress uploads. */
    private readonly uploadsDir: string,
  ) {}

  /**
   * What the front does with a part PUT: `pending` = an API upload, checked and recorded; `gone` =
   * an API upload that was completed or aborted (S3 answers NoSuchUpload); `foreign` = an upload
   * created by a raw S3 client (e.g. lib-storage in the benchmark), passed to s3rver untouched.
   */
  async classify(uploadId: string, key: string): Promise<"pending" | "gone" | "foreign"> {
    const row = await multipartById(this.db, uploadId);
    if (!row) return "foreign";
    return row.state === "pending" && row.key === key ? "pending" : "gone";
  }

  private partPath(uploadId: string, partNumber: number): string {
    return join(this.uploadsDir, uploadId, String(partNumber));
  }

  async stamp(uploadId: string, partNumber: number): Promise<PartStamp> {
    try {
      const s = await stat(this.partPath(uploadId, partNumber), { bigint: true });
      return `${s.ino}:${s.size}:${s.mtimeNs}`;
    } catch {
      return null;
    }
  }

  /**
   * s3rver answered 200 with `etag`: record the part, with the `x-amz-checksum-sha256` its body was
   * verified against (null without). False when the upload ended meanwhile.
   */
  async accepted(uploadId: string, partNumber: number, etag: string, checksumSha256: string | null): Promise<boolean> {
    const { size } = await stat(this.partPath(uploadId, partNumber));
    if (await recordPart(this.db, uploadId, { partNumber, etag, size, checksumSha256 })) return true;
    await this.removeUpload(uploadId); // aborted while the part was in flight: s3rver recreated the folder
    return false;
  }

  /**
   * A PUT that reached s3rver but was not accepted (reset mid-body, error). s3rver writes parts in
   * place, so if the file changed it may now be a truncated copy: forget the part rather than
   * complete with bytes that do not match the recorded ETag. (Real S3 would keep the previous
   * part; here it has to be PUT again, which listUploadParts shows.)
   */
  async failed(uploadId: string, partNumber: number, before: PartStamp): Promise<void> {
    if ((await this.stamp(uploadId, partNumber)) === before) return;
    await forgetPart(this.db, uploadId, partNumber);
    await rm(this.partPath(uploadId, partNumber), { force: true });
    await rm(`${this.partPath(uploadId, partNumber)}.md5`, { force: true });
  }

  listParts(_key: string, uploadId: string): Promise<StoredPart[]> {
    return ledgerParts(this.db, uploadId);
  }

  /** AbortMultipartUpload for s3rver: its parts are deleted (the API ends the ledger rows). */
  async abort(_key: string, uploadId: string): Promise<void> {
    await this.removeUpload(uploadId);
  }

  private async removeUpload(uploadId: string): Promise<void> {
    if (!SAFE_ID.test(uploadId)) return; // never a path outside the folder
    await rm(join(this.uploadsDir, uploadId), { recursive: true, force: true });
  }
}
