// Abandon a pending upload (multipart or single PUT): storage frees
// its parts, nothing is billed, the id reads 404 afterwards.
import { Dilnaka } from "@dilnaka/client";

const client = new Dilnaka();
const fileId = process.env.DILNAKA_FILE_ID ?? "your_file_id";

const { aborted } = await client.abortUpload(fileId);
console.log(aborted ? `aborted ${fileId}` : `${fileId} was not aborted`);
