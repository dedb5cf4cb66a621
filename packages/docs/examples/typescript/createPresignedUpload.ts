// The three upload steps by hand, e.g. to let a browser send
// the bytes. (client.upload(path) does all three, streaming.)
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { Dilnaka } from "@dilnaka/client";

const client = new Dilnaka();
const path = process.env.DILNAKA_UPLOAD_PATH ?? "./hello.txt";
const bytes = await readFile(path);

// 1. Presign: a file id and a short-lived upload URL.
const presigned = await client.createPresignedUpload({
  filename: basename(path),
  contentType: "text/plain",
  size: bytes.length,
  folder: "uploads",
});
const { fileId, expiresIn } = presigned;
console.log(`presigned ${fileId} (URL valid ${expiresIn} s)`);

// 2. PUT the bytes with exactly the returned headers
//    (and never the API key).
const put = await fetch(presigned.uploadUrl, {
  method: presigned.method,
  headers: presigned.headers,
  body: bytes,
});
if (!put.ok) throw new Error(`storage answered ${put.status}`);

// 3. Complete.
const file = await client.completeUpload(fileId);
console.log(`status: ${file.status}`);
