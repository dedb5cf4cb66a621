// Every failure is a typed DilnakaError with a hint; branch on the class or on `code`.
import { Dilnaka, NotFoundError, QuotaExceededError, StorageError, ValidationError } from "@dilnaka/client";

const client = new Dilnaka({ maxRetries: 3, timeout: 30_000 }); // timeout in milliseconds

try {
  await client.getFileAccessUrl("no_such_file", { expiresIn: 600 });
} catch (error) {
  if (error instanceof NotFoundError) console.log(`not found (${error.status} ${error.code}); hint: ${error.hint}`);
  else if (error instanceof QuotaExceededError) console.log(`quota: ${error.code}`); // e.g. bandwidth_hard_cap_reached
  else throw error;
}

try {
  await client.getFileAccessUrl("any", { expiresIn: 0 }); // refused before any request
} catch (error) {
  if (error instanceof ValidationError) console.log(`bad ${error.field}: ${error.message}`);
}

try {
  await client.upload("package.json", { signal: AbortSignal.timeout(60_000) });
} catch (error) {
  // A failed PUT (expired URL, storage down after retries) is a StorageError; a failed complete
  // carries `fileId`, so the upload can be finished later with client.completeUpload(fileId).
  if (error instanceof StorageError || error.fileId) console.log(`${error.message}\nhint: ${error.hint}`);
  else throw error;
}
