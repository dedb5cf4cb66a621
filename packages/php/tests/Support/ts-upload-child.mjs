// Run by tests/E2e/ResumeTest.php (through tsx, on @dilnaka/client's source) to be killed with -9
// mid-upload: the TypeScript SDK starts a resumable upload that the PHP SDK then finishes.
// tsx ts-upload-child.mjs <client entry> <path> <stateDir>  (DILNAKA_API_KEY/BASE_URL from env)
// Its build defines __SDK_VERSION__ (the User-Agent's version): the source needs it defined here.
globalThis.__SDK_VERSION__ = "0.0.0-source";
const [entry, path, stateDir] = process.argv.slice(2);
const { Dilnaka } = await import(entry);
const client = new Dilnaka({ envFile: false });
const MiB = 1024 * 1024;
const file = await client.upload(path, { resume: true, stateDir, partSize: 5 * MiB, multipartThreshold: 0, concurrency: 1 });
console.log(`uploaded ${file.id}`);
