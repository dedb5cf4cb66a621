// List every file (the iterator follows pages), share the newest for 10 minutes, delete it.
import { Dilnaka } from "@dilnaka/client";

const client = new Dilnaka();
const uploaded = await client.upload(new TextEncoder().encode("hello, Dilnaka\n"), { filename: "hello.txt" });

for await (const file of client.listFiles({ limit: 100 })) {
  console.log(`${file.id}  ${file.status}  ${file.size} B  ${file.key}`);
}

const access = await client.getFileAccessUrl(uploaded.id, { expiresIn: 600 });
console.log(`download for ${access.expiresIn} s: ${access.url}`);
if (access.warning) console.warn(`warning: ${access.warning.code}: ${access.warning.message}`);

console.log(await client.deleteFile(uploaded.id)); // { success: true, fileId: '…', deleted: true }
