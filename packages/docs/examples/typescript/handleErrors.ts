// Branch on the error class (or its `code`), never on the
// message. Every error carries a `hint` saying what to do.
import {
  APIError,
  Dilnaka,
  NotFoundError,
  QuotaExceededError,
} from "@dilnaka/client";

const client = new Dilnaka();
const fileId = process.env.DILNAKA_FILE_ID ?? "your_file_id";

try {
  const access = await client.getFileAccessUrl(fileId);
  console.log(access.url);
} catch (error) {
  if (error instanceof NotFoundError) {
    console.log(`no file ${fileId}: ${error.hint}`);
  } else if (error instanceof QuotaExceededError) {
    // bandwidth_limit_exceeded or bandwidth_hard_cap_reached
    console.log(`${error.code}: ${error.hint}`);
  } else if (error instanceof APIError) {
    console.log(`${error.status} ${error.code}: ${error.hint}`);
    console.log(`request id: ${error.requestId}`);
  } else {
    throw error;
  }
}
