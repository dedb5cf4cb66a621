// Finish an upload whose bytes were PUT to the presigned URL.
// Safe to repeat.
import { Dilnaka } from "@dilnaka/client";

const client = new Dilnaka();
const fileId = process.env.DILNAKA_FILE_ID ?? "your_file_id";

const f = await client.completeUpload(fileId);
console.log(`${f.id}: ${f.status}, ${f.size} bytes at ${f.key}`);
