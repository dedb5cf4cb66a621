// The browser build (dist/browser.js, what bundlers load for the `browser` condition) in headless
// Debian Chromium against the dev server: a page on its own loopback origin imports the built file
// and runs the whole life of a file, so CORS, XHR progress, Blob bodies and the browser's JSON
// client (fetch-client.ts) all meet real parts. Bytes are checked by SHA-256 in the page.

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { devServer, partPuts } from "../helpers/dev-server.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SDK = readFileSync(new URL("../../dist/browser.js", import.meta.url), "utf8");
const server = devServer();
// Big enough for Chromium to report upload progress more than once (it reports every ~50 ms).
const SIZE = 48 * 1024 * 1024 + 7;

let page: Page;
let context: BrowserContext;
let site: Server;
let profile: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  // The page's origin differs from the API's and the store's: every call is a CORS request.
  site = createServer((req, res) => {
    if (req.url === "/sdk.js") return res.writeHead(200, { "content-type": "text/javascript" }).end(SDK);
    res.writeHead(200, { "content-type": "text/html" }).end('<!doctype html><title>sdk</title><script type="module">import * as sdk from "/sdk.js"; window.sdk = sdk;</script>');
  });
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
  profile = mkdtempSync(join(tmpdir(), "dilnaka-client-chromium-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update"],
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on("pageerror", (error) => pageErrors.push(error.message));
  await page.goto(`http://127.0.0.1:${(site.address() as AddressInfo).port}/`);
  await page.waitForFunction(() => "sdk" in window);
}, 60_000);

afterAll(async () => {
  await context?.close();
  site?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

type Sdk = typeof import("../../src/browser.js");
declare global {
  interface Window {
    sdk: Sdk;
  }
}

describe("dist/browser.js in Chromium against the dev server", () => {
  it("uploads a File with XHR progress, lists it, downloads the same bytes, deletes it", async () => {
    const result = await page.evaluate(
      async ({ apiKey, baseURL, SIZE }) => {
        const { Dilnaka } = window.sdk;
        const hex = async (data: BufferSource) => [...new Uint8Array(await crypto.subtle.digest("SHA-256", data))].map((b) => b.toString(16).padStart(2, "0")).join("");
        const bytes = new Uint8Array(SIZE);
        for (let i = 0; i < bytes.length; i += 65536) crypto.getRandomValues(bytes.subarray(i, i + 65536));
        const client = new Dilnaka({ apiKey, baseURL });
        const progress: Array<{ loaded: number; total: number }> = [];
        const file = await client.upload(new File([bytes], "photo.png", { type: "image/png" }), {
          folder: "browser",
          onProgress: ({ loaded, total }) => progress.push({ loaded, total }),
        });
        const listed: string[] = [];
        for await (const f of client.listFiles({ limit: 2 })) listed.push(f.id);
        const access = await client.getFileAccessUrl(file.id, { expiresIn: 120 });
        const downloaded = new Uint8Array(await (await fetch(access.url)).arrayBuffer());
        const raw = await client.raw.GET("/v1/files/{fileId}", { params: { path: { fileId: file.id } } });
        const deleted = await client.deleteFile(file.id);
        const gone = await client.getFile(file.id).catch((e: Error & { status?: number; hint?: string }) => ({ name: e.constructor.name, status: e.status, hint: e.hint }));
        return {
          file: { status: file.status, size: file.size, contentType: file.contentType, originalName: file.originalName, key: file.key },
          sent: await hex(bytes),
          got: await hex(downloaded),
          listed: listed.includes(file.id),
          isTemporary: access.isTemporary,
          raw: { status: raw.response.status, id: (raw.data as { fileId?: string } | undefined)?.fileId === file.id },
          deleted,
          gone,
          progress,
        };
      },
      { apiKey: server.apiKey, baseURL: server.baseUrl, SIZE },
    );
    expect(result.file).toMatchObject({ status: "uploaded", size: SIZE, contentType: "image/png", originalName: "photo.png" });
    expect(result.file.key).toMatch(/^browser\//);
    expect(result.got).toBe(result.sent);
    expect(result.listed).toBe(true);
    expect(result.isTemporary).toBe(true);
    expect(result.raw).toEqual({ status: 200, id: true });
    expect(result.deleted).toMatchObject({ success: true, deleted: true });
    expect(result.gone).toMatchObject({ name: "NotFoundError", status: 404, hint: expect.stringMatching(/\S/) });
    // Byte-accurate and monotonic, from XHR's upload events, ending exactly at the total.
    const loaded = result.progress.map((p) => p.loaded);
    expect(loaded.length).toBeGreaterThan(1);
    expect(loaded).toEqual([...loaded].sort((a, b) => a - b));
    expect(result.progress.at(-1)).toEqual({ loaded: SIZE, total: SIZE });
  });

  it("a 12 MiB File in 5 MiB parts (Blob.slice over XHR): the store's ETag is readable across origins, bytes match", async () => {
    await server.clearStoreRequests();
    const result = await page.evaluate(
      async ({ apiKey, baseURL }) => {
        const { Dilnaka } = window.sdk;
        const hex = async (data: BufferSource) => [...new Uint8Array(await crypto.subtle.digest("SHA-256", data))].map((b) => b.toString(16).padStart(2, "0")).join("");
        const bytes = new Uint8Array(12 * 1024 * 1024 + 3);
        for (let i = 0; i < bytes.length; i += 65536) crypto.getRandomValues(bytes.subarray(i, i + 65536));
        const client = new Dilnaka({ apiKey, baseURL });
        const progress: Array<{ loaded: number; total: number }> = [];
        const file = await client.upload(new File([bytes], "clip.mp4", { type: "video/mp4" }), {
          multipartThreshold: 8 * 1024 * 1024,
          partSize: 5 * 1024 * 1024,
          onProgress: ({ loaded, total }) => progress.push({ loaded, total }),
        });
        const downloaded = new Uint8Array(await (await fetch((await client.getFileAccessUrl(file.id)).url)).arrayBuffer());
        return { file: { size: file.size, key: file.key, contentType: file.contentType }, sent: await hex(bytes), got: await hex(downloaded), progress };
      },
      { apiKey: server.apiKey, baseURL: server.baseUrl },
    );
    expect(result.got).toBe(result.sent);
    expect(result.file).toMatchObject({ size: 12 * 1024 * 1024 + 3, contentType: "video/mp4" });
    // Three parts, each PUT once from the page (complete needs each part's ETag: the page read it).
    const puts = partPuts(await server.storeRequests(), result.file.key);
    expect(puts.map((p) => [p.partNumber, p.status, p.bytes]).sort()).toEqual([[1, 200, 5242880], [2, 200, 5242880], [3, 200, 2097155]]);
    const loaded = result.progress.map((p) => p.loaded);
    expect(loaded).toEqual([...loaded].sort((a, b) => a - b));
    expect(result.progress.at(-1)).toEqual({ loaded: 12 * 1024 * 1024 + 3, total: 12 * 1024 * 1024 + 3 });
  });

  it("a web ReadableStream and bytes upload too; a stored object's bytes match", async () => {
    const result = await page.evaluate(
      async ({ apiKey, baseURL }) => {
        const { Dilnaka } = window.sdk;
        const client = new Dilnaka({ apiKey, baseURL });
        const text = "streamed from a web ReadableStream\n".repeat(1000);
        const fromStream = await client.upload(new Blob([text]).stream(), { filename: "s.txt" });
        const fromBytes = await client.upload(new TextEncoder().encode("bytes"), { filename: "b.bin" });
        const read = async (id: string) => (await fetch((await client.getFileAccessUrl(id)).url)).text();
        const out = { stream: { contentType: fromStream.contentType, same: (await read(fromStream.id)) === text }, bytes: await read(fromBytes.id) };
        await Promise.all([client.deleteFile(fromStream.id), client.deleteFile(fromBytes.id)]);
        return out;
      },
      { apiKey: server.apiKey, baseURL: server.baseUrl },
    );
    expect(result).toEqual({ stream: { contentType: "text/plain", same: true }, bytes: "bytes" });
  });

  it("bad input and an aborted upload fail with typed errors; nothing is completed", async () => {
    const result = await page.evaluate(
      async ({ apiKey, baseURL }) => {
        const { Dilnaka, ValidationError, AbortError, ConfigError } = window.sdk;
        const name = (e: unknown) => (e as Error).constructor.name;
        const config = await Promise.resolve()
          .then(() => new Dilnaka({ apiKey: "sk_wrong", baseURL }))
          .catch((e) => ({ name: name(e), isConfig: e instanceof ConfigError }));
        const client = new Dilnaka({ apiKey, baseURL });
        const validation = await client.getFileAccessUrl("f", { expiresIn: 0 }).catch((e) => ({ name: name(e), field: e.field, is: e instanceof ValidationError }));
        const controller = new AbortController();
        const big = new Uint8Array(16 * 1024 * 1024);
        // Aborted at the first progress event: mid-PUT, or (when Chromium reports only at the end)
        // between the PUT and complete. Either way the file must not be completed.
        const aborted = client
          .upload(big, { filename: "big.bin", signal: controller.signal, onProgress: () => controller.abort() })
          .catch((e) => ({ name: name(e), is: e instanceof AbortError }));
        const abort = await aborted;
        const completed: string[] = [];
        for await (const f of client.listFiles()) if (f.originalName === "big.bin" && f.status === "uploaded") completed.push(f.id);
        return { config, validation, abort, completed };
      },
      { apiKey: server.apiKey, baseURL: server.baseUrl },
    );
    expect(result.config).toEqual({ name: "ConfigError", isConfig: true });
    expect(result.validation).toEqual({ name: "ValidationError", field: "expiresIn", is: true });
    expect(result.abort).toEqual({ name: "AbortError", is: true });
    expect(result.completed).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it("the PUT's timeout counts idle time: a slow upload that keeps moving finishes, a stalled one times out", async () => {
    // DevTools network emulation throttles the page's upload: 2 MiB at 512 KiB/s takes ~4 s.
    const cdp = await context.newCDPSession(page);
    const throttle = (bytesPerSecond: number) =>
      cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: bytesPerSecond });
    await cdp.send("Network.enable");
    try {
      await throttle(512 * 1024);
      const slow = await page.evaluate(
        async ({ apiKey, baseURL }) => {
          const client = new window.sdk.Dilnaka({ apiKey, baseURL, timeout: 1500, maxRetries: 0 });
          const started = performance.now();
          const file = await client.upload(new Uint8Array(2 * 1024 * 1024), { filename: "slow.bin" });
          const seconds = (performance.now() - started) / 1000;
          await client.deleteFile(file.id);
          return { status: file.status, seconds };
        },
        { apiKey: server.apiKey, baseURL: server.baseUrl },
      );
      expect(slow.status).toBe("uploaded");
      expect(slow.seconds).toBeGreaterThan(1.5); // longer than the timeout, yet not cut off
    } finally {
      await throttle(-1);
      await cdp.detach();
    }

    // The store holds the PUT for 5 s without reading or answering: no progress for 1.5 s.
    await server.arm({ target: "store", operation: "put", delayMs: 5000, times: 1 });
    try {
      const stalled = await page.evaluate(
        async ({ apiKey, baseURL }) => {
          const client = new window.sdk.Dilnaka({ apiKey, baseURL, timeout: 1500, maxRetries: 0 });
          return client.upload(new Uint8Array(256 * 1024), { filename: "stalled.bin" }).then(
            () => null,
            (e: Error & { code?: string; fileId?: string }) => ({ name: e.constructor.name, code: e.code, message: e.message, fileId: !!e.fileId }),
          );
        },
        { apiKey: server.apiKey, baseURL: server.baseUrl },
      );
      expect(stalled).toMatchObject({ name: "TimeoutError", code: "timeout", fileId: true });
      expect(stalled!.message).toMatch(/^storage PUT \S+ failed: no answer within 1500 ms/);
    } finally {
      await server.clear();
    }
  });
  it("downloadBytes and downloadStream: continued with Range after a reset, SHA-256 checked with crypto.subtle", async () => {
    const run = (step: "upload" | "bytes" | "stream", fileId?: string) =>
      page.evaluate(
        async ({ apiKey, baseURL, step, fileId }) => {
          const client = new window.sdk.Dilnaka({ apiKey, baseURL });
          const hex = async (data: Uint8Array) => [...new Uint8Array(await crypto.subtle.digest("SHA-256", data as Uint8Array<ArrayBuffer>))].map((b) => b.toString(16).padStart(2, "0")).join("");
          if (step === "upload") {
            const bytes = new Uint8Array(3 * 1024 * 1024 + 5).map((_, i) => (i * 31) & 0xff);
            const file = await client.upload(bytes, { filename: "dl.bin" });
            return { id: file.id, checksum: file.checksumSha256, hex: await hex(bytes) };
          }
          try {
            const bytes = step === "bytes" ? await client.downloadBytes(fileId!) : new Uint8Array(await new Response(await client.downloadStream(fileId!)).arrayBuffer());
            return { hex: await hex(bytes) };
          } catch (e) {
            return { error: (e as Error).constructor.name, code: (e as { code?: string }).code };
          }
        },
        { apiKey: server.apiKey, baseURL: server.baseUrl, step, fileId },
      );
    const uploaded = (await run("upload")) as { id: string; checksum: string; hex: string };
    expect(uploaded.checksum).toMatch(/^[A-Za-z0-9+/]{43}=$/); // hashed in the page before the PUT
    try {
      await server.clearStoreRequests();
      await server.arm({ target: "store", operation: "get", resetAfterBytes: 1024 * 1024 });
      expect(await run("bytes", uploaded.id)).toEqual({ hex: uploaded.hex });
      const ranges = (await server.storeRequests()).filter((r) => r.method === "GET").map((r) => (r as { range?: string | null }).range ?? null);
      expect(ranges[0]).toBeNull();
      expect(ranges[1]).toMatch(/^bytes=[1-9]\d*-$/);
      await server.arm({ target: "store", operation: "get", resetAfterBytes: 512 * 1024 });
      expect(await run("stream", uploaded.id)).toEqual({ hex: uploaded.hex });
      await server.arm({ target: "store", operation: "get", corruptByte: 1000 });
      expect(await run("bytes", uploaded.id)).toEqual({ error: "IntegrityError", code: "checksum_mismatch" });
    } finally {
      await server.clear();
    }
  });
});
