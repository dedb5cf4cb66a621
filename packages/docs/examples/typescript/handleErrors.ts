// Errors are classes: branch on the class (or `code`), never on the message. Each has a `hint`.
import { APIError, Dilnaka, NotFoundError, QuotaExceededError } from "@dilnaka/client";

const client = new Dilnaka();
const fileId = process.env.DILNAKA_FILE_ID ?? "your_file_id";

try {
  const access = await client.getFileAccessUrl(fileId, { expiresIn: 600 });
  console.log(access.url);
} catch (error) {
  if (error instanceof NotFoundError) {
    console.log(`no file ${fileId}: ${error.hint}`);
  } else if (error instanceof QuotaExceededError) {
    console.log(`${error.code}: ${error.hint}`); // bandwidth_limit_exceeded, bandwidth_hard_cap_reached
  } else if (error instanceof APIError) {
    console.log(`API error ${error.status} ${error.code} (request ${error.requestId}): ${error.hint}`);
  } else {
    throw error;
  }
}
