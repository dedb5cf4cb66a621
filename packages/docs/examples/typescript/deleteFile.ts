// Delete a file: its stored bytes and its metadata.
import { Dilnaka } from "@dilnaka/client";

const client = new Dilnaka();
const fileId = process.env.DILNAKA_FILE_ID ?? "your_file_id";

const { fileId: id, deleted } = await client.deleteFile(fileId);
console.log(deleted ? `deleted ${id}` : `${id} was not deleted`);
