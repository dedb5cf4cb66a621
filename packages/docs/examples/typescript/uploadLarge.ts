// A large file in parts: above multipartThreshold, upload() sends
// partSize pieces, `concurrency` at a time, each retried on its own.
// With resume, running the same line again after a crash sends only
// the parts storage does not hold yet.
import { Dilnaka } from "@dilnaka/client";

const client = new Dilnaka();
const path = process.env.DILNAKA_UPLOAD_PATH ?? "./video.mp4";
const MiB = 1024 * 1024;

const file = await client.upload(path, {
  multipartThreshold: 8 * MiB, // default 64 MiB
  partSize: 5 * MiB, // default 16 MiB
  concurrency: 4,
  resume: true, // state under DILNAKA_STATE_DIR or ~/.local/state/dilnaka
  onProgress: ({ percentage }) => {
    process.stdout.write(`\r${percentage.toFixed(1)} %`);
  },
});
console.log(`\nuploaded ${file.id} (${file.size} bytes)`);
