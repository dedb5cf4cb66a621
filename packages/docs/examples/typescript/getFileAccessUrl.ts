// A download URL that expires in 10 minutes.
import { Dilnaka } from "@dilnaka/client";

const client = new Dilnaka();
const fileId = process.env.DILNAKA_FILE_ID ?? "your_file_id";

const access = await client.getFileAccessUrl(fileId, {
  expiresIn: 600,
});
console.log(access.url);
console.log(`expires in ${access.expiresIn} s`);

// Past the included bandwidth, paid plans still get the URL,
// with a warning: the overage is billed.
if (access.warning) {
  console.warn(`${access.warning.code}: ${access.warning.message}`);
}
