// Runs every case of spec/scenarios/*.json (the vectors all three SDKs share) through this SDK's
// real client, with only fetch injected, once per entry (Node: openapi-fetch; browser: its subset).
// A file without a runner here fails, so none is skipped.

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as sdk from "../../src/index.js";
import { Dilnaka as NodeDilnaka, type DilnakaError } from "../../src/index.js";
import { Dilnaka as BrowserDilnaka } from "../../src/browser.js";
import { BASE, KEY, fakeFetch, json, wireFile, type Answer } from "../helpers/fake-fetch.js";
import { multipartRunners, nodeOnly } from "../helpers/multipart-runners.js";
import { startStorage } from "../helpers/storage.js";
import { checksumRunners } from "../helpers/checksum-runners.js";
import { startObjectServer } from "../helpers/object-server.js";
import { runDotEnvCase } from "../helpers/dotenv-runner.js";
import { errorMessagesRunner } from "../helpers/error-messages-runner.js";
import { guessContentType } from "../../src/upload/content-type.js";

type Case = { name: string; given: any; expect: any };
const DIR = join(import.meta.dirname, "../../../../spec/scenarios");
const files = readdirSync(DIR).filter((f) => f.endsWith(".json") && f !== "schema.json");
const absent = (value: unknown) => value ?? null;
// One scratch dir for the .env files of the config cases, removed when the file is done.
const scratch = mkdtempSync(join(tmpdir(), "dilnaka-scenario-"));
// The storage the multipart scenarios PUT to (a real local HTTP server).
let storage: Awaited<ReturnType<typeof startStorage>>;
// The storage the download scenarios GET from (Range, scripted corruption).
let objects: Awaited<ReturnType<typeof startObjectServer>>;
beforeAll(async () => {
  storage = await startStorage();
  objects = await startObjectServer(new Uint8Array(0));
});
afterAll(async () => {
  await storage.close();
  await objects.close();
  rmSync(scratch, { recursive: true, force: true });
});

afterEach(() => {
  storage.received.length = 0;
  storage.script.length = 0;
  objects.script.length = 0;
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

// The entry under test; set by the outer describe below.
let Dilnaka: typeof NodeDilnaka | typeof BrowserDilnaka = NodeDilnaka;
let entry: "node" | "browser" = "node";

function client(answers: Answer[], options: Record<string, unknown> = {}) {
  const f = fakeFetch(answers);
  return { c: new Dilnaka({ apiKey: KEY, baseURL: BASE, fetch: f.fetch, envFile: false, ...options }), ...f };
}

function wireHeaders(headers: Record<string, string | { httpDateFromNow: number }> = {}): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [k, typeof v === "string" ? v : new Date(Date.now() + v.httpDateFromNow * 1000).toUTCString()]),
  );
}

function answer(given: any): Answer {
  if (given.connectionError) return new TypeError("fetch failed");
  const headers = wireHeaders(given.headers);
  return given.bodyText !== undefined ? new Response(given.bodyText, { status: given.status, headers }) : json(given.status, given.body, headers);
}

const caught = (promise: Promise<unknown>) => promise.then(() => expect.unreachable("expected an error"), (e: DilnakaError) => e);
const query = (url: string) => Object.fromEntries(new URL(url).searchParams);

const runners: Record<string, (given: any, want: any) => Promise<void>> = {
  async "error-classification.json"(given, want) {
    const error = (await caught(client([answer(given)], { maxRetries: 0 }).c.getFile("f1"))) as sdk.APIError;
    expect(error.constructor.name).toBe(want.class.typescript);
    expect(error).toBeInstanceOf(sdk.DilnakaError);
    expect({ status: error.status, code: absent(error.code), requestId: absent(error.requestId), retryAfter: absent(error.retryAfter) }).toEqual({
      status: want.status, code: want.code, requestId: want.requestId, retryAfter: want.retryAfter,
    });
    expect(error.hint).toMatch(/\S/);
  },

  async "retry.json"(given, want) {
    vi.useFakeTimers();
    vi.spyOn(Math, "random").mockReturnValue(0.5); // mid-jitter: 0.4375 s on the first retry
    const { c, calls, callTimes } = client([answer(given), json(200, wireFile("f1"))], { maxRetries: 1 });
    const start = Date.now();
    const done = c.getFile("f1").then((f) => f, (e: unknown) => e);
    await vi.advanceTimersByTimeAsync(61_000);
    const result = await done;
    expect(calls).toHaveLength(want.retried ? 2 : 1);
    if (!want.retried) return void expect(result).toBeInstanceOf(sdk.APIError);
    expect(result).toMatchObject({ id: "f1" });
    if (!("delaySeconds" in want)) return;
    const waited = (callTimes[1]! - start) / 1000;
    if (want.delaySeconds === null) expect(waited >= 0.375 && waited <= 0.5).toBe(true);
    else expect(Math.abs(waited - want.delaySeconds)).toBeLessThanOrEqual(want.tolerance ?? 0.001);
  },

  async "access-url.json"(given, want) {
    const { c, calls } = client([json(200, given.body)]);
    const access = await c.getFileAccessUrl("f1", given.expiresIn === undefined ? undefined : { expiresIn: given.expiresIn });
    expect(query(calls[0]!.url)).toEqual(want.query);
    const warning = access.warning ? { code: access.warning.code, message: access.warning.message } : null;
    expect({ isTemporary: access.isTemporary, expiresIn: access.expiresIn, warning }).toEqual({
      isTemporary: want.isTemporary, expiresIn: want.expiresIn, warning: want.warning,
    });
  },

  async "config.json"(given, want) {
    if (given.redact !== undefined) {
      return void expect(new Dilnaka({ apiKey: given.redact, envFile: false, fetch: fakeFetch([]).fetch }).toJSON().apiKey).toBe(want.redacted);
    }
    for (const name of ["DILNAKA_API_KEY", "DILNAKA_BASE_URL", "DILNAKA_TIMEOUT"]) vi.stubEnv(name, given.env[name]);
    const envFile = join(scratch, ".env");
    writeFileSync(envFile, Object.entries(given.dotenv).map(([k, v]) => `${k}=${v}\n`).join(""));
    const { apiKey, baseUrl: baseURL, timeout } = given.explicit;
    const f = fakeFetch([json(200, wireFile("f1"))]);
    const make = () => new Dilnaka({ apiKey, baseURL, timeout: timeout === undefined ? undefined : timeout * 1000, envFile, fetch: f.fetch });
    if (want.class) {
      expect(() => make()).toThrow(sdk[want.class.typescript as "ConfigError"]);
      return void expect(f.calls).toHaveLength(0);
    }
    const c = make();
    await c.getFile("f1");
    expect({ apiKey: f.calls[0]!.headers.authorization, url: f.calls[0]!.url, timeout: c.timeout / 1000 }).toEqual({
      apiKey: `Bearer ${want.apiKey}`, url: `${want.baseUrl}/v1/files/f1`, timeout: want.timeout,
    });
  },

  async "list-pagination.json"(given, want) {
    const file = (id: string) => ({ ...wireFile(id), key: `uploads/${id}`, originalName: `${id}.txt`, size: 1 });
    const pages = given.pages.map((p: any) => json(200, Array.isArray(p) ? p.map(file) : { ...p, files: p.files.map(file) }));
    const { c, calls } = client(pages);
    const ids: string[] = [];
    let error: unknown = null;
    try {
      for await (const f of c.listFiles(given.limit === undefined ? undefined : { limit: given.limit })) ids.push(f.id);
    } catch (e) {
      error = e;
    }
    expect(ids).toEqual(want.ids);
    expect(calls.map((call) => query(call.url))).toEqual(want.queries);
    expect(error === null ? null : (error as Error).constructor.name).toBe(want.class?.typescript ?? null);
  },

  ...multipartRunners({ storage: () => storage, scratch, entry: () => entry }),
  ...checksumRunners({ entry: () => entry, storage: () => storage, objects: () => objects }),
  "dotenv.json": runDotEnvCase,
  "error-messages.json": errorMessagesRunner(() => Dilnaka),
  async "error-hierarchy.json"(given, want) {
    const Class = (sdk as unknown as Record<string, Function>)[given.class.typescript];
    expect(Class, `${given.class.typescript} is exported`).toBeTypeOf("function");
    const parents: string[] = [];
    for (let p = Object.getPrototypeOf(Class); p && p !== Error; p = Object.getPrototypeOf(p)) parents.push(p.name);
    expect(parents).toEqual(want.parents.map((m: any) => m.typescript));
  },
  async "content-type.json"(given, want) {
    expect(guessContentType(given.filename)).toBe(want.contentType);
  },
};

const ENTRIES = [["node", NodeDilnaka], ["browser", BrowserDilnaka]] as const;
// The browser entry reads no .env file (there is no file system): those config cases are Node's.
const readsDotEnv = (c: Case) => Object.keys(c.given?.dotenv ?? {}).length > 0;

describe.each(ENTRIES)("%s entry", (entryName, EntryClass) => {
  beforeAll(() => {
    Dilnaka = EntryClass;
    entry = entryName;
  });
  // Resuming from a state file and reading .env need a file system: the browser entry has none.
  describe.each(entryName === "browser" ? files.filter((f) => !nodeOnly(f) && f !== "dotenv.json") : files)("spec/scenarios/%s", (file) => {
    const { cases } = JSON.parse(readFileSync(join(DIR, file), "utf8")) as { cases: Case[] };
    const run = entryName === "browser" ? cases.filter((c) => !readsDotEnv(c)) : cases;
    it("has a runner", () => expect(Object.keys(runners)).toContain(file));
    it.each(run.map((c) => [c.name, c] as const))("%s", (_name, c) => runners[file]?.(c.given, c.expect));
  });
});
