// Runner for spec/scenarios/dotenv.json: the parser on each text, and the file search through a
// real Node client built in a real directory tree (Node entry only: the browser reads no .env).

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { expect, vi } from "vitest";
import * as sdk from "../../src/index.js";
import { parseDotEnv } from "../../src/config.js";
import { fakeFetch, json, wireFile } from "./fake-fetch.js";

export async function runDotEnvCase(given: any, want: any): Promise<void> {
  if (given.text !== undefined) return void expect(parseDotEnv(given.text)).toEqual(want.values);
  const root = mkdtempSync(join(tmpdir(), "dilnaka-dotenv-"));
  const cwd = process.cwd();
  try {
    for (const [path, text] of Object.entries(given.files as Record<string, string | null>)) {
      if (path.endsWith("/")) mkdirSync(join(root, path), { recursive: true });
      else {
        mkdirSync(dirname(join(root, path)), { recursive: true });
        writeFileSync(join(root, path), text ?? "");
      }
    }
    mkdirSync(join(root, given.cwd), { recursive: true });
    process.chdir(join(root, given.cwd));
    for (const name of ["DILNAKA_API_KEY", "DILNAKA_BASE_URL", "DILNAKA_TIMEOUT", "DILNAKA_MAX_RETRIES"]) {
      vi.stubEnv(name, given.env?.[name] ?? "");
    }
    const f = fakeFetch([json(200, wireFile("f1"))]);
    const make = () => new sdk.Dilnaka({ envFile: given.envFile, fetch: f.fetch });
    if (want.class) {
      expect(make).toThrow(sdk[want.class.typescript as "ConfigError"]);
      expect(make).toThrow(want.messageIncludes);
      return;
    }
    await make().getFile("f1");
    expect(f.calls[0]!.headers.authorization).toBe(`Bearer ${want.apiKey}`);
    if (want.baseUrl) expect(f.calls[0]!.url).toBe(`${want.baseUrl}/v1/files/f1`);
  } finally {
    process.chdir(cwd);
    rmSync(root, { recursive: true, force: true });
  }
}
