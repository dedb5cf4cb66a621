// Read one file's metadata.
import { Dilnaka } from "@dilnaka/client";

const client = new Dilnaka();
const fileId = process.env.DILNAKA_FILE_ID ?? "your_file_id";

const f = await client.getFile(fileId);
console.log(
  `${f.originalName}: ${f.size} bytes, ${f.contentType}, ${f.status}`,
);
console.log(`key: ${f.key}`);
