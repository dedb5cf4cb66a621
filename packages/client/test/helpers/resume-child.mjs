// A program that uploads a file with resume on, for test/e2e/resume.e2e.test.ts to kill -9 in the
// middle: node test/helpers/resume-child.mjs <path> <stateDir>  (DILNAKA_API_KEY/BASE_URL from env).
// Uses the built package, as a user's program would.
import { Dilnaka } from "../../dist/index.js";

const [path, stateDir] = process.argv.slice(2);
const client = new Dilnaka({ envFile: false });
const MiB = 1024 * 1024;
const file = await client.upload(path, { resume: true, stateDir, partSize: 5 * MiB, multipartThreshold: 8 * MiB, concurrency: 2 });
console.log(`uploaded ${file.id}`);
