import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startDevServer, type DevServer } from "../src/index.js";

// Made by scripts/setup.sh, apart from the repo's .venv so the reference and our SDK never mix.
const python = fileURLToPath(new URL("../.cache/reference-venv/bin/python", import.meta.url));
const script = fileURLToPath(new URL("./reference_client.py", import.meta.url));

let server: DevServer;
beforeAll(async () => {
  server = await startDevServer();
});
afterAll(() => server?.stop());

it("accepts every request of the published reference client dilnaka 0.0.8", async () => {
  expect(existsSync(python), `${python} is missing: run bash scripts/setup.sh`).toBe(true);
  const { stdout } = await promisify(execFile)(python, [script], {
    env: { ...process.env, DILNAKA_BASE_URL: server.baseUrl, DILNAKA_API_KEY: server.apiKey },
    timeout: 60_000,
  });
  const seen = JSON.parse(stdout);
  expect(seen).toMatchObject({
    status: "uploaded",
    size: 200_009,
    content_type: "text/plain",
    listed: true,
    got_status: "uploaded",
    access_expires_in: 1200,
    access_is_temporary: true,
    sha_match: true,
    deleted: { success: true, fileId: seen.id, deleted: true },
    after_delete: 404,
  });
  expect(seen.key).toMatch(new RegExp(`^reference/\\d{4}/\\d{2}/${seen.id}-reference-upload.txt$`));
});
