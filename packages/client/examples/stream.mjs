// Upload whatever arrives on stdin, of unknown length, without a temp file: parts are sent as they
// fill, at most `concurrency` of them in memory.   tar c photos | node examples/stream.mjs photos.tar
import { Dilnaka } from "@dilnaka/client";

const client = new Dilnaka();
const file = await client.upload(process.stdin, {
  filename: process.argv[2] ?? "stdin.bin",
  onProgress: ({ loaded, total }) => total !== undefined && console.log(`${loaded} of ${total} bytes`),
});
console.log(`uploaded ${file.originalName}: id=${file.id} (${file.size} bytes)`);
