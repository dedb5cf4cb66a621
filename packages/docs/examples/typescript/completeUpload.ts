// Finish an upload whose bytes were PUT to the presigned URL (safe to repeat).
import { Dilnaka } from "@dilnaka/client";

const client = new Dilnaka();
const fileId = process.env.DILNAKA_FILE_ID ?? "your_file_id";

const file = await client.completeUpload(fileId);
console.log(`${file.id}: ${file.status}, ${file.size} bytes at ${file.key}`);
