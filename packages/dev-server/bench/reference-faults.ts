// The fault suite (spec/faults/faults.json) against the published `dilnaka` 0.0.8, printed beside
// what our three SDKs do (each case's `expect`, which the TS, Python and PHP suites assert on the
// same dev server). A comparison, not a test: 0.0.8 has no retries and no multipart.
//   pnpm --filter @dilnaka/dev-server faults:reference
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startDevServer } from "../src/index.js";

const python = fileURLToPath(new URL("../.cache/reference-venv/bin/python", import.meta.url));
const script = fileURLToPath(new URL("./reference_faults.py", import.meta.url));
const suitePath = fileURLToPath(new URL("../../../spec/faults/faults.json", import.meta.url));
if (!existsSync(python)) throw new Error(`${python} is missing: run bash scripts/setup.sh`);

type Expect = { outcome: string; class?: Record<string, string>; code?: string; status?: number | null; requests: Record<string, number> };
type Seen = { name: string; applies: boolean; outcome?: string; requests?: Record<string, number>; orphans?: number; keyInError?: boolean };
const suite = JSON.parse(readFileSync(suitePath, "utf8")) as { cases: Array<{ name: string; expect: Expect }> };

const server = await startDevServer({ faults: true });
let seen: Seen[];
try {
  const { stdout } = await promisify(execFile)(python, [script, suitePath], {
    env: { ...process.env, DILNAKA_BASE_URL: server.baseUrl, DILNAKA_API_KEY: server.apiKey },
    timeout: 300_000,
  });
  seen = stdout.trim().split("\n").map((line) => JSON.parse(line) as Seen);
} finally {
  await new Promise((r) => setTimeout(r, 3000)); // a stalled call the client gave up on ends first
  await server.stop();
}

const SHORT: Record<string, string> = {
  createPresignedUpload: "presign",
  completeUpload: "complete",
  abortUpload: "abort",
  createMultipartUpload: "create",
  presignUploadParts: "presign parts",
  getFileAccessUrl: "access-url",
  storePut: "PUT",
  storePartPut: "part PUT",
};
const requests = (r: Record<string, number> | undefined) =>
  r ? Object.entries(r).map(([k, n]) => `${SHORT[k] ?? k} ${n}`).join(", ") || "none" : "";
const ours = (e: Expect) =>
  e.outcome === "success" ? "survived" : `${e.class!.typescript}${e.status ? ` ${e.status}` : ""}${e.code ? ` ${e.code}` : ""}`;

console.log("| case | TS, Python, PHP (asserted) | their requests | 0.0.8 | 0.0.8 requests | 0.0.8 orphans | key in 0.0.8 error |");
console.log("|---|---|---|---|---|---|---|");
let temporary = 0;
let survived = 0;
let orphaned = 0;
for (const c of suite.cases) {
  const s = seen.find((x) => x.name === c.name)!;
  const ref = s.applies ? s.outcome : "n/a (no multipart)";
  if (s.applies && c.expect.outcome === "success") {
    temporary += 1;
    if (s.outcome === "survived") survived += 1;
  }
  if (s.orphans) orphaned += 1;
  console.log(`| ${c.name} | ${ours(c.expect)} | ${requests(c.expect.requests)} | ${ref} | ${requests(s.requests)} | ${s.applies ? s.orphans : ""} | ${s.applies ? (s.keyInError ? "yes" : "no") : ""} |`);
}
console.log(`\n0.0.8 survived ${survived} of ${temporary} temporary faults that apply to it and left orphans in ${orphaned} case(s); our SDKs survive all ${temporary}, with 0 orphans.`);
