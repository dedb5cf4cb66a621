// The built package as a user gets it (by name, ESM and CJS): importing it reads no environment
// variable, no .env file and opens no connection; the browser build never loads node:* modules.
import { execFile } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);

const probe = `
const touched = [];
const fs = require("node:fs");
for (const name of ["readFileSync", "readFile", "openSync", "open", "statSync", "existsSync"]) {
  const real = fs[name];
  fs[name] = function (path, ...rest) { if (String(path).includes(".env")) touched.push("fs." + name + " " + path); return real.call(this, path, ...rest); };
}
const net = require("node:net");
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) { touched.push("net.connect"); return connect.apply(this, args); };
globalThis.fetch = () => { touched.push("fetch"); throw new Error("no network at import"); };
const env = process.env;
process.env = new Proxy(env, { get(t, k) { if (typeof k === "string" && k.startsWith("DILNAKA")) touched.push("env." + k); return Reflect.get(t, k); } });
`;

async function node(code: string, conditions: string[] = []) {
  const args = [...conditions.flatMap((c) => ["--conditions", c]), "--input-type=module", "-e", code];
  const { stdout } = await run(process.execPath, args, { env: { ...process.env, DILNAKA_API_KEY: "dlk_dev_should_not_be_read" } });
  return JSON.parse(stdout.trim().split("\n").at(-1)!);
}

describe("the built package", () => {
  it("ESM import by name has no side effects", async () => {
    const out = await node(`import { createRequire } from "node:module"; const require = createRequire(import.meta.url); ${probe}
      const m = await import("@dilnaka/client"); console.log(JSON.stringify({ touched, exports: Object.keys(m).length }));`);
    expect(out.touched).toEqual([]);
    expect(out.exports).toBeGreaterThan(15);
  });

  it("CJS require by name has no side effects and exposes the same API", async () => {
    const out = await node(`import { createRequire } from "node:module"; const require = createRequire(import.meta.url); ${probe}
      const m = require("@dilnaka/client"); console.log(JSON.stringify({ touched, hasClient: typeof m.Dilnaka, hasError: typeof m.StorageError }));`);
    expect(out).toEqual({ touched: [], hasClient: "function", hasError: "function" });
  });

  it("the browser condition resolves to the build without node:* imports, and it works", async () => {
    const out = await node(`const m = await import("@dilnaka/client");
      const url = import.meta.resolve("@dilnaka/client");
      const c = new m.Dilnaka({ apiKey: "dlk_dev_abcdefgh1234", baseURL: "http://x" });
      console.log(JSON.stringify({ url, client: JSON.stringify(c) }));`, ["browser"]);
    expect(out.url).toMatch(/dist\/browser\.js$/);
    expect(out.client).toContain("dlk_dev_…1234");
  });
});

describe("an unreadable file", () => {
  it("→ ValidationError naming source, before any request (as an unprivileged user: root reads anything)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dilnaka-unreadable-"));
    const path = join(dir, "secret.txt");
    writeFileSync(path, "secret");
    chmodSync(path, 0o000);
    chmodSync(dir, 0o755);
    const asRoot = process.getuid?.() === 0;
    const code = `${asRoot ? "process.setgid(65534); process.setuid(65534);" : ""}
      const { Dilnaka } = await import("@dilnaka/client");
      let requests = 0;
      const c = new Dilnaka({ apiKey: "dlk_dev_abcdefgh1234", baseURL: "http://127.0.0.1:9", envFile: false, fetch: () => { requests++; throw new Error("no"); } });
      const e = await c.upload(${JSON.stringify(path)}).catch((e) => e);
      console.log(JSON.stringify({ name: e.name, field: e.field, message: e.message, requests }));`;
    try {
      const out = await node(code);
      expect(out).toMatchObject({ name: "ValidationError", field: "source", requests: 0 });
      expect(out.message).toMatch(/not readable by this process/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("timeouts while the garbage collector runs", () => {
  it("a hung API call still ends with TimeoutError (undici can drop a Request's signal to GC)", async () => {
    const code = `import { createServer } from "node:http";
      const { Dilnaka } = await import("@dilnaka/client");
      const server = createServer(() => {}).listen(0, "127.0.0.1");
      await new Promise((r) => server.on("listening", r));
      const c = new Dilnaka({ apiKey: "dlk_dev_abcdefgh1234", baseURL: "http://127.0.0.1:" + server.address().port, envFile: false, timeout: 300, maxRetries: 0 });
      const gc = setInterval(() => { new Array(1e6).fill(0); globalThis.gc(); }, 20);
      const started = Date.now();
      const hung = new Promise((r) => setTimeout(() => r({ name: "hung" }), 5000));
      const e = await Promise.race([c.getFile("f").catch((e) => e), hung]);
      clearInterval(gc);
      server.closeAllConnections();
      server.close();
      console.log(JSON.stringify({ name: e.name, ms: Date.now() - started }));
      process.exit(0);`;
    const { stdout } = await run(process.execPath, ["--expose-gc", "--input-type=module", "-e", code]);
    expect(JSON.parse(stdout.trim().split("\n").at(-1)!)).toMatchObject({ name: "TimeoutError" });
  });
});
