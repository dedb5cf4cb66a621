// Download a file to a path, verified: streamed to a temp file beside it, continued with a Range
// request if the connection drops, renamed into place only once its size and SHA-256 match.
//   node examples/download.mjs <fileId> [./photo.png]
import { Dilnaka, IntegrityError } from "@dilnaka/client";

const client = new Dilnaka();
const [fileId, path = "."] = process.argv.slice(2); // a directory keeps the file's name
try {
  const result = await client.download(fileId, path, {
    onProgress: ({ percentage }) => process.stdout.write(`\r${percentage.toFixed(1)} %`),
  });
  console.log(`\nsaved ${result.path} (${result.size} bytes, sha256 ${result.checksumSha256 ?? "none stored"})`);
} catch (error) {
  // Nothing is left under the destination name; code is checksum_mismatch or size_mismatch.
  if (error instanceof IntegrityError) console.error(`\n${error.code}: ${error.message}\nhint: ${error.hint}`);
  else throw error;
  process.exitCode = 1;
}
