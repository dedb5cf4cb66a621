import type { StoredPart } from "../db/multipart.js";
import { ApiError } from "../http/respond.js";
import { compositeSha256, requireSha256 } from "./checksums.js";

export type ChecksumAlgorithm = "SHA256" | null;

const invalid = (message: string) => new ApiError(422, "validation_error", message);
const list = (numbers: Array<number | string>) => `${numbers.length > 1 ? "parts" : "part"} ${numbers.join(", ")}`;

/**
 * presignUploadParts' `checksums` (part number → base64 SHA-256): with `SHA256` one for every
 * requested part and none for others; without an algorithm none at all (an upload created
 * without checksums cannot take them later, as on S3). Returns the checksum of each part, or null.
 */
export function partChecksums(
  algorithm: ChecksumAlgorithm,
  partNumbers: number[],
  checksums: Record<string, unknown> | undefined,
): Map<number, string> | null {
  const given = checksums ?? {};
  const keys = Object.keys(given);
  if (algorithm === null) {
    if (keys.length > 0) {
      throw invalid(
        'checksums: this upload was created without checksumAlgorithm, so its parts carry no checksum; create it with checksumAlgorithm: "SHA256" to send them.',
      );
    }
    return null;
  }
  const wanted = new Set(partNumbers.map(String));
  const extra = keys.filter((k) => !wanted.has(k));
  if (extra.length > 0) throw invalid(`checksums: ${list(extra)} not in partNumbers; give a checksum for each requested part only.`);
  const missing = partNumbers.filter((n) => given[String(n)] === undefined);
  if (missing.length > 0) {
    throw invalid(
      `checksums: missing for ${list(missing)}; this upload was created with checksumAlgorithm SHA256, so every part needs its SHA-256 (base64).`,
    );
  }
  return new Map(partNumbers.map((n) => [n, requireSha256(`checksums.${n}`, given[String(n)])]));
}

export interface PartWithChecksum {
  partNumber: number;
  checksumSha256?: string;
}

/** completeUpload, before storage: with `SHA256` every part must carry its checksum (422 otherwise). */
export function requirePartChecksums(algorithm: ChecksumAlgorithm, parts: PartWithChecksum[]): void {
  parts.forEach((p, i) => {
    if (p.checksumSha256 !== undefined) requireSha256(`parts[${i}].checksumSha256`, p.checksumSha256);
  });
  const missing = parts.filter((p) => p.checksumSha256 === undefined).map((p) => p.partNumber);
  if (algorithm !== null && missing.length > 0) {
    throw invalid(
      `parts: checksumSha256 is required for every part of this upload (checksumAlgorithm SHA256); missing for ${list(missing)}. listUploadParts lists each part's checksum.`,
    );
  }
}

/**
 * Each checksum given at complete must equal the one storage verified the part with (409
 * checksum_mismatch naming the part). Returns the file's checksum: S3's composite with `SHA256`,
 * else null. `held` are the stored parts matched to `requested`, in the same order.
 *
 * With `SHA256`, a held part without a checksum can only come from an external store whose
 * ListParts does not return part checksums (moto's does not; AWS's does): its own Complete checks
 * the checksums it is given, so the given one stands in for the comparison and the composite.
 */
export function compositeOfParts(algorithm: ChecksumAlgorithm, requested: PartWithChecksum[], held: StoredPart[]): string | null {
  const sums = requested.map((want, i) => {
    const have = held[i]!.checksumSha256;
    if (want.checksumSha256 === undefined || want.checksumSha256 === have) return have;
    if (have === null && algorithm !== null) return want.checksumSha256;
    const stored = have === null ? "storage holds it without a checksum" : `storage holds "${have}"`;
    throw new ApiError(
      409,
      "checksum_mismatch",
      `Part ${want.partNumber}: checksumSha256 "${want.checksumSha256}" differs from the part's checksum (${stored}). Complete with the checksum listUploadParts shows, or PUT the part again.`,
    );
  });
  return algorithm === null ? null : compositeSha256(sums.map((s) => s ?? ""));
}
