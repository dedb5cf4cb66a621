// Upload a whole directory, 4 files at a time, each under `site/<its relative directory>`; one
// failed file never stops the others, and the exit code says whether any failed.
//   node examples/directory.mjs ./public
import { Dilnaka } from "@dilnaka/client";

const client = new Dilnaka();
const { uploaded, failed } = await client.uploadDirectory(process.argv[2] ?? ".", {
  folder: "site",
  concurrency: 4,
  exclude: ["**/.DS_Store", "node_modules/**"],
  checksum: "sha256", // every file's SHA-256 is checked by storage as it arrives
  onProgress: ({ loaded, total, filesDone, filesTotal }) => process.stdout.write(`\r${filesDone}/${filesTotal} files, ${loaded} of ${total} bytes`),
});
console.log(`\nuploaded ${uploaded.length} files`);
for (const { path, error } of failed) console.log(`failed ${path}: ${error.message}`);
process.exitCode = failed.length > 0 ? 1 : 0;
