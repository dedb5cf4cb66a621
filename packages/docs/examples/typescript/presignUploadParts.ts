// Presign a part of a pending multipart upload and PUT its bytes.
// Presign again whenever a part URL has expired.
import { readFile } from "node:fs/promises";
import { Dilnaka } from "@dilnaka/client";

const client = new Dilnaka();
const fileId = process.env.DILNAKA_FILE_ID ?? "your_file_id";
const path = process.env.DILNAKA_UPLOAD_PATH ?? "./hello.txt";

const [part] = await client.presignUploadParts(fileId, [1]);
const put = await fetch(part!.url, {
  method: part!.method,
  headers: part!.headers, // exactly these, and never the API key
  body: await readFile(path),
});
if (!put.ok) throw new Error(`storage answered ${put.status}`);
console.log(`part 1 stored, ETag ${put.headers.get("etag")}`);
