// List every file, newest first. The iterator fetches the next page when it needs it.
import { Dilnaka } from "@dilnaka/client";

const client = new Dilnaka();

for await (const file of client.listFiles({ limit: 100 })) {
  console.log(`${file.id}  ${file.status}  ${file.size} bytes  ${file.key}`);
}
