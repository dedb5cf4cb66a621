// The multipart steps by hand: create, presign the parts, PUT each
// one, complete with their ETags. (client.upload(path) does all of it,
// in parallel, with retries.)
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { Dilnaka } from "@dilnaka/client";

const client = new Dilnaka();
const path = process.env.DILNAKA_UPLOAD_PATH ?? "./hello.txt";
const bytes = await readFile(path);

// 1. Create: a file id, and the part size storage expects.
const upload = await client.createMultipartUpload({
  filename: basename(path),
  contentType: "text/plain",
  size: bytes.length,
});
const { fileId, partSize, partCount } = upload;
console.log(`multipart ${fileId}: ${partCount} part(s) of ${partSize} bytes`);

// 2. Presign the parts, PUT each with exactly its headers, keep
//    the ETag storage answers (part n = bytes from (n-1)*partSize).
const numbers = Array.from({ length: partCount ?? 1 }, (_, i) => i + 1);
const parts = [];
for (const part of await client.presignUploadParts(fileId, numbers)) {
  const start = (part.partNumber - 1) * partSize;
  const put = await fetch(part.url, {
    method: part.method,
    headers: part.headers,
    body: bytes.subarray(start, start + partSize),
  });
  if (!put.ok) throw new Error(`storage answered ${put.status}`);
  parts.push({ partNumber: part.partNumber, etag: put.headers.get("etag")! });
}

// 3. Complete with every part's ETag, in order.
const file = await client.completeUpload(fileId, { parts });
console.log(`status: ${file.status}`);
