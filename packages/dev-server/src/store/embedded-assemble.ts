import { createHash, randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { mkdir, open, readFile, rename, rm, stat, truncate, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { partSegment, type PartSegment, SLAB, slabIsObject } from "./part-slab.js";

const require = createRequire(import.meta.url);
type S3ErrorClass = new (code: string, message: string) => Error;
const S3Error = require("@20minutes/s3rver/lib/models/error") as S3ErrorClass;

/** The metadata s3rver keeps with an object (S3Object.ALLOWED_METADATA, plus x-amz-meta-*). */
const ALLOWED_METADATA = [
  "cache-control",
  "content-disposition",
  "content-encoding",
  "content-language",
  "content-type",
  "expires",
  "x-amz-storage-class",
  "x-amz-website-redirect-location",
];
const MIN_PART_BYTES = 5 * 1024 * 1024;

/** S3's ETag of a multipart object: the MD5 of the parts' binary MD5s, then `-<part count>`. */
export function multipartEtag(etags: string[]): string {
  const md5 = createHash("md5");
  for (const e of etags) md5.update(Buffer.from(e.replace(/"/g, ""), "hex"));
  return `${md5.digest("hex")}-${etags.length}`;
}

/**
 * Replaces s3rver 4.0.4's `FilesystemStore.putObjectMultipart` (its CompleteMultipartUpload), for
 * the API's uploads and for raw S3 clients alike. s3rver's own checks nothing (it sorts the parts,
 * takes any ETag and any size, and a part it lacks throws an unhandled stream error that ends the
 * process), pipes every part through one stream and an MD5 of the whole object (5.6 s per GiB
 * measured, longer than uploading the parts) and names the object with that MD5. This one answers
 * S3's errors (InvalidPartOrder, InvalidPart, EntityTooSmall), gives S3's multipart ETag, and lets
 * the object appear with one rename: of the slab its parts were written into (part-slab.ts) when
 * they all are there in order, else of a copy of the parts (ext4 has no reflinks). The upload
 * folder goes last, so a failure half-way leaves the parts for a retry.
 */
export async function completeInS3rverLayout(
  bucketDir: string,
  uploadId: string,
  parts: Array<{ number: number; etag: string }>,
): Promise<{ md5: string; size: number }> {
  const uploadDir = join(bucketDir, "._S3rver_uploads", uploadId);
  const partFile = (n: number) => join(uploadDir, String(n));
  if (parts.some((p, i) => i > 0 && p.number <= parts[i - 1]!.number)) {
    throw new S3Error("InvalidPartOrder", "The list of parts was not in ascending order. The parts list must be specified in order by part number.");
  }
  // As the API does: every part held with that ETag first, then the sizes.
  const sizes: number[] = [];
  for (const p of parts) {
    const held = await readFile(`${partFile(p.number)}.md5`, "utf8").catch(() => null);
    const bytes = await stat(partFile(p.number)).then((s) => s.size, () => null);
    if (!(p.number >= 1 && p.number <= 10_000) || held === null || bytes === null || held.trim() !== p.etag.replace(/"/g, "")) {
      throw new S3Error("InvalidPart", "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.");
    }
    sizes.push(bytes);
  }
  if (sizes.slice(0, -1).some((b) => b < MIN_PART_BYTES)) {
    throw new S3Error("EntityTooSmall", "Your proposed upload is smaller than the minimum allowed object size.");
  }
  const size = sizes.reduce((a, b) => a + b, 0);
  const [key, initiated] = await Promise.all([
    readFile(join(uploadDir, "key"), "utf8"),
    readFile(join(uploadDir, "metadata"), "utf8").then((t) => JSON.parse(t) as Record<string, string>),
  ]);
  const keySegments = key.split("/");
  const name = keySegments.pop()!;
  const base = join(bucketDir, ...keySegments, name); // s3rver's "<name>._S3rver_<resource>" files
  const objectPath = `${base}._S3rver_object`;
  const metadata: Record<string, string> = { "content-type": "binary/octet-stream" };
  for (const [k, v] of Object.entries(initiated)) {
    if (ALLOWED_METADATA.includes(k) || k.startsWith("x-amz-meta-")) metadata[k] = v;
  }
  const md5 = multipartEtag(parts.map((p) => p.etag));
  await mkdir(dirname(objectPath), { recursive: true });
  const segments = await Promise.all(parts.map((p, i) => partSegment(uploadDir, p.number, p.etag.replace(/"/g, ""), sizes[i]!)));
  if (await slabIsObject(uploadDir, segments)) {
    // Every part was written in its place (part-slab.ts): the slab, cut at the total, is the object.
    await writeFile(`${objectPath}.md5`, md5);
    await writeFile(`${base}._S3rver_metadata.json`, JSON.stringify(metadata, null, 2));
    const slab = join(uploadDir, SLAB);
    await truncate(slab, size);
    await rename(slab, objectPath);
  } else {
    const partial = `${objectPath}.${randomBytes(6).toString("hex")}.assembling`;
    try {
      await copySegments(partial, segments);
      await writeFile(`${objectPath}.md5`, md5);
      await writeFile(`${base}._S3rver_metadata.json`, JSON.stringify(metadata, null, 2));
      await rename(partial, objectPath);
    } catch (err) {
      await rm(partial, { force: true });
      throw err;
    }
  }
  await rm(uploadDir, { recursive: true, force: true });
  return { md5, size };
}

/** Writes the segments one after the other into a new `target`, through one reused 8 MiB buffer. */
async function copySegments(target: string, segments: PartSegment[]): Promise<void> {
  const out = await open(target, "wx");
  const buf = Buffer.allocUnsafe(8 << 20);
  try {
    for (const s of segments) {
      const src = await open(s.file, "r");
      try {
        for (let done = 0; done < s.length; ) {
          const { bytesRead } = await src.read(buf, 0, Math.min(buf.length, s.length - done), s.offset + done);
          if (bytesRead === 0) throw new Error(`part data shorter than its recorded size: ${s.file}`);
          await out.write(buf, 0, bytesRead);
          done += bytesRead;
        }
      } finally {
        await src.close();
      }
    }
  } finally {
    await out.close();
  }
}
