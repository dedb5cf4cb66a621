import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, DEFAULT_BASE_URL, Dilnaka } from "../../src/index.js";
import { parseDotEnv } from "../../src/config.js";
import { KEY } from "../helpers/fake-fetch.js";

const ENV_NAMES = ["DILNAKA_API_KEY", "DILNAKA_BASE_URL", "DILNAKA_TIMEOUT"];
let dir: string;
let saved: Record<string, string | undefined>;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "dilnaka-config-"));
  saved = Object.fromEntries(ENV_NAMES.map((n) => [n, process.env[n]]));
  for (const n of ENV_NAMES) delete process.env[n];
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  for (const n of ENV_NAMES) {
    if (saved[n] === undefined) delete process.env[n];
    else process.env[n] = saved[n];
  }
});

function envFile(text: string): string {
  const path = join(dir, ".env");
  writeFileSync(path, text);
  return path;
}

describe("configuration precedence: explicit > process.env > .env > defaults", () => {
  it("defaults: production base URL, 60 s timeout, 2 retries", () => {
    const c = new Dilnaka({ apiKey: KEY, envFile: false });
    expect([c.baseURL, c.timeout, c.maxRetries]).toEqual([DEFAULT_BASE_URL, 60_000, 2]);
  });

  it(".env fills what nothing else gives, without touching process.env", () => {
    const path = envFile(`# comment\nDILNAKA_API_KEY="${KEY}"\nexport DILNAKA_BASE_URL=http://from-file:1/ # trailing\nDILNAKA_TIMEOUT=5\n`);
    const c = new Dilnaka({ envFile: path });
    expect([c.baseURL, c.timeout]).toEqual(["http://from-file:1", 5_000]);
    for (const n of ENV_NAMES) expect(process.env[n]).toBeUndefined();
  });

  it("process.env beats .env; explicit options beat both", () => {
    const path = envFile(`DILNAKA_API_KEY=${KEY}\nDILNAKA_BASE_URL=http://from-file:1\nDILNAKA_TIMEOUT=5\n`);
    process.env.DILNAKA_BASE_URL = "http://from-env:2";
    process.env.DILNAKA_TIMEOUT = "7.5";
    const fromEnv = new Dilnaka({ envFile: path });
    expect([fromEnv.baseURL, fromEnv.timeout]).toEqual(["http://from-env:2", 7_500]);
    const explicit = new Dilnaka({ envFile: path, baseURL: "http://explicit:3", timeout: 1234 });
    expect([explicit.baseURL, explicit.timeout]).toEqual(["http://explicit:3", 1234]);
  });

  it("does not read the .env file when every setting is given", () => {
    const c = new Dilnaka({ apiKey: KEY, baseURL: "http://x", timeout: 1, envFile: join(dir, "missing.env") });
    expect(c.timeout).toBe(1);
  });

  it("parses .env quoting and comments", () => {
    expect(parseDotEnv("A=1\nB='two words'\nC=\"x\\ny\"\nD=v # c\n#E=no\n  F = spaced \nnot a line")).toEqual({
      A: "1", B: "two words", C: "x\ny", D: "v", F: "spaced",
    });
  });
});

describe("configuration errors name the fix, at construction", () => {
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ["missing key", {}, /Missing Dilnaka API key.*DILNAKA_API_KEY/],
    ["key without prefix", { apiKey: "sk_live_abc" }, /dlk_dev_ or dlk_live_/],
    ["timeout 0", { apiKey: KEY, timeout: 0 }, /timeout must be a positive number of milliseconds/],
    ["negative retries", { apiKey: KEY, maxRetries: -1 }, /maxRetries/],
    ["bad base URL", { apiKey: KEY, baseURL: "ftp://x" }, /Invalid base URL/],
    ["unknown option", { apiKey: KEY, api_key: KEY }, /unknown option "api_key"/],
    ["missing env file and no key", { envFile: "/nonexistent/.env" }, /envFile \/nonexistent\/.env is missing/],
  ];
  it.each(cases)("%s", (_n, options, message) => {
    expect(() => new Dilnaka({ envFile: false, ...options })).toThrow(ConfigError);
    expect(() => new Dilnaka({ envFile: false, ...options })).toThrow(message);
  });

  it("DILNAKA_TIMEOUT must be positive seconds", () => {
    process.env.DILNAKA_TIMEOUT = "soon";
    expect(() => new Dilnaka({ apiKey: KEY, envFile: false })).toThrow(/DILNAKA_TIMEOUT must be a positive number of seconds/);
  });

  it("a bad key is never echoed whole", () => {
    const secret = "sk_live_supersecretvalue1234";
    const error = (() => {
      try {
        new Dilnaka({ apiKey: secret, envFile: false });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message).not.toContain(secret);
  });
});

describe("importing the package has no side effects", () => {
  it("reads no environment variable and calls no fetch until a client is built", async () => {
    vi.resetModules();
    const touched: string[] = [];
    const realEnv = process.env;
    const realFetch = globalThis.fetch;
    const fetchSpy = vi.fn();
    process.env = new Proxy(realEnv, {
      get(target, name) {
        if (typeof name === "string") touched.push(name);
        return Reflect.get(target, name);
      },
    });
    globalThis.fetch = fetchSpy as unknown as typeof fetch;
    try {
      await import("../../src/index.js");
      await import("../../src/browser.js");
    } finally {
      process.env = realEnv;
      globalThis.fetch = realFetch;
    }
    expect(touched.filter((n) => n.startsWith("DILNAKA"))).toEqual([]);
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});
