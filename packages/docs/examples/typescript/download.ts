// Download a file to a path: streamed to a temp file beside it,
// continued with a Range request after a dropped connection, and
// renamed into place only once its size and SHA-256 are verified.
import { Dilnaka, IntegrityError } from "@dilnaka/client";

const client = new Dilnaka();
const fileId = process.env.DILNAKA_FILE_ID ?? "your_file_id";
const path = process.env.DILNAKA_DOWNLOAD_PATH ?? "./downloaded.bin";

try {
  const d = await client.download(fileId, path, { expiresIn: 600 });
  console.log(`downloaded ${d.fileId} (${d.size} bytes, sha256 ${d.checksumSha256 ?? "none"})`);
} catch (error) {
  // Nothing was left at `path`; error.code is checksum_mismatch
  // or size_mismatch.
  if (error instanceof IntegrityError) {
    console.error(`corrupted download: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
