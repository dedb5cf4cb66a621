import { randomBytes } from "node:crypto";
import { open, readFile, rename, stat, truncate, writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * Parts written straight to their place in the object being assembled, so the store writes a
 * multipart object's bytes once. s3rver keeps every part in its own file and CompleteMultipartUpload
 * then copied them all into the object: 6 GiB written twice, and this machine's disk (~230 MB/s)
 * made that copy the slowest step of a large upload. Here part n is written into the upload's
 * `slab` file at (n − 1) × P, where P is the body length of the first part PUT the upload saw
 * (the uploader's part size, for the API's uploads and raw S3 clients alike). When every part is
 * there, in order and P long but the last, Complete is a truncate and a rename.
 *
 * A part can only take its slot when its body is at most P long (it then overlaps no other slot)
 * and no other PUT of that part number is writing it or has stored it: a retry or re-upload of a
 * stored part goes to its own file as before, so a failed retry can never damage bytes of a part
 * that was answered 200. `<n>` always exists for a stored part (for a slab part, a sparse file of
 * its size, so the ledger's stat and stamp work unchanged), and `<n>.slab` holds the ETag of the
 * slab copy: a part is read from the slab only while that ETag is the one in `<n>.md5`.
 */
export const SLAB = "slab";
const SLAB_PART_SIZE = "slab-part-size";
const inFlight = new Set<string>();

export interface SlabSlot {
  file: string;
  offset: number;
  /** Records the part as held in the slab (`<n>.slab`, then the sparse `<n>`) once its body is stored. */
  commit(etag: string, size: number): Promise<void>;
  release(): void;
}

/** The slab's part size P, fixed by the first part PUT; null when unset or still being written. */
async function slabPartSize(uploadDir: string): Promise<number | null> {
  const text = await readFile(join(uploadDir, SLAB_PART_SIZE), "utf8").catch(() => "");
  const n = Number(text);
  return text !== "" && Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** A slot for part `partNumber` with a body of `length` bytes, or null: store it in its own file. */
export async function claimSlabSlot(uploadDir: string, partNumber: number, length: number | null): Promise<SlabSlot | null> {
  if (length === null || length <= 0 || !Number.isInteger(partNumber) || partNumber < 1) return null;
  const part = join(uploadDir, String(partNumber));
  if (inFlight.has(part)) return null;
  inFlight.add(part);
  const release = () => inFlight.delete(part);
  try {
    let size = await slabPartSize(uploadDir);
    if (size === null) {
      // The first PUT fixes P ("wx": of two at once, one wins and the other reads its value).
      await writeFile(join(uploadDir, SLAB_PART_SIZE), String(length), { flag: "wx" }).catch(() => undefined);
      size = await slabPartSize(uploadDir);
    }
    const stored = await stat(part).then(() => true, () => false);
    if (size === null || length > size || stored) {
      release();
      return null;
    }
    const file = join(uploadDir, SLAB);
    await (await open(file, "a")).close(); // creates it; parts write with "r+" at their offset
    return {
      file,
      offset: (partNumber - 1) * size,
      release,
      commit: async (etag, bytes) => {
        await writeFile(`${part}.slab`, etag);
        const placeholder = `${part}.${randomBytes(6).toString("hex")}.placeholder`;
        await writeFile(placeholder, "");
        await truncate(placeholder, bytes); // sparse: no data block written
        await rename(placeholder, part);
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}

/** Where part `n`'s bytes are: its slab slot while `<n>.slab` matches its ETag, else its own file. */
export interface PartSegment {
  file: string;
  offset: number;
  length: number;
  inSlab: boolean;
}

export async function partSegment(uploadDir: string, partNumber: number, etag: string, length: number): Promise<PartSegment> {
  const part = join(uploadDir, String(partNumber));
  const [slabEtag, size] = await Promise.all([readFile(`${part}.slab`, "utf8").catch(() => null), slabPartSize(uploadDir)]);
  if (slabEtag !== null && size !== null && slabEtag.trim() === etag) {
    return { file: join(uploadDir, SLAB), offset: (partNumber - 1) * size, length, inSlab: true };
  }
  return { file: part, offset: 0, length, inSlab: false };
}

/** True when the slab, cut at the parts' total, is the object: parts 1…N all in it, each but the last P long. */
export async function slabIsObject(uploadDir: string, segments: PartSegment[]): Promise<boolean> {
  const size = await slabPartSize(uploadDir);
  if (size === null) return false;
  return segments.every((s, i) => s.inSlab && s.offset === i * size && (i === segments.length - 1 || s.length === size));
}
