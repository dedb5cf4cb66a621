// Delete a file: its stored bytes and its metadata.
import { Dilnaka } from "@dilnaka/client";

const client = new Dilnaka();
const fileId = process.env.DILNAKA_FILE_ID ?? "your_file_id";

const result = await client.deleteFile(fileId);
console.log(result.deleted ? `deleted ${result.fileId}` : `${result.fileId} was not deleted`);
