// Every file, newest first: the loop fetches the next page
// when it needs it.
import { Dilnaka } from "@dilnaka/client";

const client = new Dilnaka();

for await (const f of client.listFiles({ limit: 100 })) {
  console.log(`${f.id}  ${f.status}  ${f.size} bytes  ${f.key}`);
}
