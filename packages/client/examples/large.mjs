// Upload a large file in parts, several at once; with resume, run the same command again after a
// crash (even kill -9) and only the parts storage lacks are sent.   node examples/large.mjs ./video.mp4
import { Dilnaka } from "@dilnaka/client";

const MiB = 1024 * 1024;
const client = new Dilnaka();
const file = await client.upload(process.argv[2] ?? "video.mp4", {
  multipartThreshold: 16 * MiB, // one PUT up to this size (default 64 MiB), parts above
  partSize: 8 * MiB, // default 16 MiB, grown when 10,000 parts would not hold the file
  concurrency: 4, // parts in flight (default 4)
  resume: true, // a state file under DILNAKA_STATE_DIR, else ~/.local/state/dilnaka
  onProgress: ({ loaded, total }) => process.stdout.write(`\r${(loaded / MiB).toFixed(1)} / ${(total / MiB).toFixed(1)} MiB`),
});
console.log(`\nuploaded ${file.originalName}: id=${file.id} (${file.size} bytes)`);
