// The parts storage holds for a pending multipart upload: what a
// resume reads to send only the missing ones.
import { Dilnaka } from "@dilnaka/client";

const client = new Dilnaka();
const fileId = process.env.DILNAKA_FILE_ID ?? "your_file_id";

const { parts, partCount } = await client.listUploadParts(fileId);
console.log(`${fileId}: ${parts.length} of ${partCount} parts stored`);
for (const p of parts) {
  console.log(`part ${p.partNumber}  ${p.size} bytes  ${p.etag}`);
}
