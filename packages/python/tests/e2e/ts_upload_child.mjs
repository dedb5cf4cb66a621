// Run by test_resume.py (through tsx, on @dilnaka/client's source) to be killed with -9 mid-upload:
// the TypeScript SDK starts a resumable upload that the Python SDK then finishes.
// tsx ts_upload_child.mjs <client entry> <path> <stateDir>  (DILNAKA_API_KEY/BASE_URL from env)
// The source, not dist/, so the test needs no build and always runs today's client; its build
// defines __SDK_VERSION__ (the User-Agent's version), so define it here.
globalThis.__SDK_VERSION__ = "0.0.0-source";
const [entry, path, stateDir] = process.argv.slice(2);
const { Dilnaka } = await import(entry);
const client = new Dilnaka({ envFile: false });
const MiB = 1024 * 1024;
const file = await client.upload(path, { resume: true, stateDir, partSize: 5 * MiB, multipartThreshold: 8 * MiB, concurrency: 2 });
console.log(`uploaded ${file.id}`);
