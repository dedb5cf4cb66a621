// Upload a file with a progress line. Reads DILNAKA_API_KEY (and DILNAKA_BASE_URL) from the
// environment or .env.   node examples/upload.mjs ./photo.png
import { Dilnaka } from "@dilnaka/client";

const client = new Dilnaka();
const file = await client.upload(process.argv[2] ?? "package.json", {
  folder: "examples",
  metadata: { uploadedBy: "examples/upload.mjs" },
  onProgress: ({ percentage }) => process.stdout.write(`\r${percentage.toFixed(1)} %`),
});
console.log(`\nuploaded ${file.originalName}: id=${file.id} key=${file.key} (${file.size} bytes, ${file.contentType})`);
