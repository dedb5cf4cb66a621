// Read one file's metadata.
import { Dilnaka } from "@dilnaka/client";

const client = new Dilnaka();
const fileId = process.env.DILNAKA_FILE_ID ?? "your_file_id";

const file = await client.getFile(fileId);
console.log(`${file.originalName}: ${file.size} bytes, ${file.contentType}, ${file.status}`);
console.log(`key: ${file.key}`);
