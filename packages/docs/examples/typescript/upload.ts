// Upload a file: presign → PUT the bytes to storage → complete.
import { Dilnaka } from "@dilnaka/client";

// Reads DILNAKA_API_KEY (and DILNAKA_BASE_URL) from the
// environment or from .env.
const client = new Dilnaka();
const path = process.env.DILNAKA_UPLOAD_PATH ?? "./hello.txt";

const file = await client.upload(path, { folder: "uploads" });
console.log(`uploaded ${file.id}`);
console.log(`key:    ${file.key}`);
console.log(`status: ${file.status}`);
console.log(`size:   ${file.size} bytes (${file.contentType})`);
