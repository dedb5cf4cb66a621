// Upload a whole folder, 4 files at a time: each file keeps its
// relative path under `docs-tree`; one failure never stops the rest.
import { Dilnaka } from "@dilnaka/client";

const client = new Dilnaka();
const directory = process.env.DILNAKA_UPLOAD_DIR ?? "./site";

const result = await client.uploadDirectory(directory, {
  folder: "docs-tree",
  concurrency: 4,
  exclude: ["**/.DS_Store", "node_modules/**"],
});
for (const failure of result.failed) {
  console.log(`failed ${failure.path}: ${failure.error.message}`);
}
console.log(`uploaded ${result.uploaded.length} files, ${result.failed.length} failed`);
