// The shared end-to-end fault suite (spec/faults/faults.json, issue #17), run by this SDK against
// the real dev server: each case arms its faults, makes one SDK call, and checks the outcome
// (success with stored bytes, or the error's class, code, status and fileId), the requests the
// server saw of each kind, no orphan object or part in the store, and no API key in the error.
// Python (tests/e2e/test_faults_suite.py) and PHP (tests/E2e/FaultsSuiteTest.php) run the same file.
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv } from "ajv";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import * as sdk from "../../src/index.js";
import { Dilnaka } from "../../src/index.js";
import { devServer, sha256OfUrl } from "../helpers/dev-server.js";
import { countRequests, devCall, type FaultCase, KNOWN_EXPECT, KNOWN_GIVEN, loadFaultSuite } from "../helpers/fault-suite.js";

const suite = loadFaultSuite();
const server = devServer();
const runId = randomBytes(4).toString("hex");
const tmp = mkdtempSync(join(tmpdir(), "dilnaka-faults-"));
// Well-formed, so the SDK sends it; unknown to the server.
const wrongKey = `dlk_dev_${randomBytes(24).toString("base64url")}`;
const dev = (method: string, path: string, body?: unknown) => devCall(server.baseUrl, method, path, body);

afterEach(() => dev("DELETE", "/__dev/faults"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

it("the suite file matches the scenario schema", () => {
  const schema = JSON.parse(readFileSync(new URL("../../../../spec/scenarios/schema.json", import.meta.url), "utf8"));
  const validate = new Ajv({ strict: false }).compile(schema);
  expect(validate(suite), JSON.stringify(validate.errors)).toBe(true);
});

type Outcome = { file?: sdk.DilnakaFile; access?: sdk.FileAccessUrl; error?: unknown };

/** One runner per case kind; a kind missing here fails its case. */
const runners: Record<string, (c: FaultCase, client: Dilnaka, folder: string, fileId: string | null) => Promise<Outcome>> = {
  upload: async (c, client, folder) => {
    const { options } = c.given;
    const path = join(tmp, `${slug(c.name)}.bin`);
    writeFileSync(path, randomBytes(c.given.file!.size));
    try {
      const file = await client.upload(path, {
        folder,
        ...(options.multipartThreshold !== undefined ? { multipartThreshold: options.multipartThreshold } : {}),
        ...(options.partSize !== undefined ? { partSize: options.partSize } : {}),
        ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
      });
      return { file };
    } catch (error) {
      return { error };
    }
  },
  accessUrl: async (_c, client, _folder, fileId) => {
    try {
      return { access: await client.getFileAccessUrl(fileId!) };
    } catch (error) {
      return { error };
    }
  },
};

const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");

describe.each(suite.cases.map((c) => [c.name, c] as const))("fault suite: %s", (_name, c) => {
  it("has the expected outcome, request counts, no orphan and no key in the error", async () => {
    expect(Object.keys(c.given).filter((k) => !KNOWN_GIVEN.includes(k)), "unknown given fields").toEqual([]);
    expect(Object.keys(c.expect).filter((k) => !KNOWN_EXPECT.includes(k)), "unknown expect fields").toEqual([]);
    const run = runners[c.given.kind];
    if (!run) throw new Error(`faults.json case "${c.name}": unknown kind "${c.given.kind}" (this runner knows ${Object.keys(runners).join(", ")})`);
    const folder = `faults/ts-${runId}/${slug(c.name)}`;
    const owner = server.client();
    // accessUrl cases act on a file uploaded first, without faults.
    let fileId: string | null = null;
    if (c.given.kind === "accessUrl") {
      fileId = (await owner.upload(Buffer.from("access me"), { filename: "access.txt", folder })).id;
    }
    await dev("DELETE", "/__dev/faults");
    await dev("DELETE", "/__dev/api-requests");
    await dev("DELETE", "/__dev/store-requests");
    const client = server.client({
      ...(c.given.apiKey === "wrong" ? { apiKey: wrongKey } : {}),
      maxRetries: c.given.options.maxRetries,
      timeout: c.given.options.timeout * 1000, // the suite says seconds; TS takes ms
    });
    try {
      if (c.given.usage) await dev("POST", "/__dev/usage", c.given.usage);
      if (c.given.faults.length > 0) await dev("POST", "/__dev/faults", c.given.faults);
      const started = Date.now();
      const outcome = await run(c, client, folder, fileId);
      const seconds = (Date.now() - started) / 1000;
      const e = c.expect;
      if (e.outcome === "success") {
        expect(outcome.error, "the call failed").toBeUndefined();
        if (e.minSeconds !== undefined) expect(seconds).toBeGreaterThanOrEqual(e.minSeconds - 0.05);
      } else {
        expect(outcome.error, "the call succeeded").toBeDefined();
        const error = outcome.error as sdk.APIError;
        const expected = (sdk as unknown as Record<string, unknown>)[e.class!.typescript];
        expect(expected, `${e.class!.typescript} is exported`).toBeTypeOf("function");
        expect(Object.getPrototypeOf(error).constructor, `class of ${String(error)}`).toBe(expected);
        if (e.code !== undefined) expect(error.code).toBe(e.code);
        if (e.status !== undefined) expect(error.status ?? null).toBe(e.status);
        if (e.fileId) expect(error.fileId).toMatch(fileId ? new RegExp(`^${fileId}$`) : /\w/);
        else expect(error.fileId).toBeUndefined();
        const shown = [String(error), error.message, error.stack ?? "", JSON.stringify(error), String(error.hint ?? "")].join("\n");
        for (const key of [server.apiKey, wrongKey]) expect(shown.includes(key), "an API key in the error").toBe(false);
        if (e.then === "completeUpload") {
          const done = await owner.completeUpload(error.fileId!);
          expect(done.status).toBe("uploaded");
          outcome.file = done;
        } else if (e.then !== undefined) {
          throw new Error(`faults.json case "${c.name}": unknown then "${e.then}"`);
        }
      }
      const api = (await dev("GET", "/__dev/api-requests")).requests;
      const store = (await dev("GET", "/__dev/store-requests")).requests;
      expect(countRequests(api, store)).toEqual(e.requests);
      if (outcome.file) {
        expect(outcome.file.status).toBe("uploaded");
        const url = (await owner.getFileAccessUrl(outcome.file.id)).url;
        const path = join(tmp, `${slug(c.name)}.bin`);
        const sha256 = createHash("sha256").update(readFileSync(path)).digest("hex");
        expect(await sha256OfUrl(url)).toEqual({ sha256, bytes: c.given.file!.size });
      }
      expect((await dev("GET", `/__dev/orphans?prefix=${encodeURIComponent(`${folder}/`)}`)).orphans).toHaveLength(e.orphans);
    } finally {
      if (c.given.usage) await dev("POST", "/__dev/usage", { plan: "free", bandwidthBytes: 0 });
    }
  });
});
