// The key-less browser upload for real: examples/browser-upload/server.mjs (the built package, the
// key in its environment only) serves the page and the upload route on loopback; headless
// Chromium opens the page, which uploads a 48 MiB File with progress through the route (multipart
// here: the example's threshold is set to 16 MiB, 5 MiB parts) and a small one in one PUT. The
// files are then listed by the server's own client, and every request the page made, captured
// over CDP (URLs, headers as sent, POST bodies) and every answer it read, is searched for the key.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type BrowserContext, type CDPSession, type Page } from "playwright-core";
import { devServer, partPuts } from "../helpers/dev-server.js";
import { SECRET } from "../helpers/upload-route.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const server = devServer();
const MiB = 1024 * 1024;
const SIZE = 48 * MiB + 11;

interface Seen {
  url: string;
  method: string;
  headers: Record<string, string>;
  postData: string;
  hasPostData: boolean;
  requestId: string;
}

let app: ChildProcess;
let appUrl: string;
const appLog: string[] = [];
let context: BrowserContext;
let page: Page;
let cdp: CDPSession;
let profile: string;
const requests = new Map<string, Seen>();
const pageErrors: string[] = [];

beforeAll(async () => {
  app = spawn(process.execPath, ["examples/browser-upload/server.mjs"], {
    env: {
      PATH: process.env.PATH,
      DILNAKA_API_KEY: server.apiKey,
      DILNAKA_BASE_URL: server.baseUrl,
      DILNAKA_ROUTE_TOKEN_SECRET: SECRET,
      PORT: "0",
      UPLOAD_MULTIPART_THRESHOLD_MIB: "16",
      UPLOAD_PART_SIZE_MIB: "5",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: app.stdout! });
  appUrl = await new Promise<string>((resolve, reject) => {
    app.once("exit", (code) => reject(new Error(`the example exited with ${code}`)));
    lines.on("line", (line) => {
      appLog.push(line);
      const url = /on (http:\/\/\S+)/.exec(line)?.[1];
      if (url) resolve(url);
    });
  });
  profile = mkdtempSync(join(tmpdir(), "dilnaka-uploader-chromium-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update"],
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on("pageerror", (error) => pageErrors.push(error.message));
  cdp = await context.newCDPSession(page);
  cdp.on("Network.requestWillBeSent", ({ requestId, request }) => {
    const postData = (request.postDataEntries ?? []).map((e: { bytes?: string }) => Buffer.from(e.bytes ?? "", "base64").toString("latin1")).join("") || (request.postData ?? "");
    requests.set(requestId, { ...requests.get(requestId), requestId, url: request.url, method: request.method, headers: { ...requests.get(requestId)?.headers, ...request.headers }, postData, hasPostData: !!request.hasPostData });
  });
  // The headers as they went on the wire (cookies and all), which requestWillBeSent may not show.
  cdp.on("Network.requestWillBeSentExtraInfo", ({ requestId, headers }) => {
    const seen = requests.get(requestId);
    if (seen) Object.assign(seen.headers, headers);
    else requests.set(requestId, { requestId, url: "", method: "", headers: { ...headers }, postData: "", hasPostData: false });
  });
  await cdp.send("Network.enable", { maxPostDataSize: 1024 * 1024 });
  await page.goto(appUrl);
  await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
}, 60_000);

afterAll(async () => {
  await context?.close();
  app?.kill("SIGTERM");
  if (profile) rmSync(profile, { recursive: true, force: true });
});

declare global {
  interface Window {
    uploadToRoute: (file: File, album: string, onProgress?: (p: { loaded: number; total: number }) => void) => Promise<{ id: string; key: string; size: number; status: string; contentType: string; metadata?: Record<string, string> }>;
  }
}

describe("examples/browser-upload in Chromium: uploads through the route, the key never reaches the page", () => {
  it("a 48 MiB File in 5 MiB parts with progress, then a small one in one PUT; both listed by the server's client", async () => {
    await server.clearStoreRequests();
    const result = await page.evaluate(async (SIZE) => {
      const bytes = new Uint8Array(SIZE);
      for (let i = 0; i < bytes.length; i += 65536) crypto.getRandomValues(bytes.subarray(i, i + 65536));
      const progress: Array<{ loaded: number; total: number }> = [];
      const big = await window.uploadToRoute(new File([bytes], "trip.mp4", { type: "video/mp4" }), "holidays", ({ loaded, total }) => progress.push({ loaded, total }));
      const small = await window.uploadToRoute(new File(["a small note"], "note.pdf", { type: "application/pdf" }), "holidays");
      return { big, small, progress, shown: document.getElementById("out")!.textContent };
    }, SIZE);
    expect(result.big).toMatchObject({ status: "uploaded", size: SIZE, contentType: "video/mp4", metadata: { album: "holidays" } });
    expect(result.big.key).toMatch(/^albums\/holidays\//);
    expect(result.small).toMatchObject({ status: "uploaded", size: 12 });
    expect(result.shown).toMatch(/^stored note\.pdf: albums\/holidays\//);
    const loaded = result.progress.map((p) => p.loaded);
    expect(loaded.length).toBeGreaterThan(2);
    expect(loaded).toEqual([...loaded].sort((a, b) => a - b));
    expect(result.progress.at(-1)).toEqual({ loaded: SIZE, total: SIZE });
    // Ten parts PUT from the page straight to the store, each once.
    const puts = partPuts(await server.storeRequests(), result.big.key);
    expect(puts).toHaveLength(10);
    expect(puts.every((p) => p.status === 200)).toBe(true);

    const listed = new Map<string, number>();
    for await (const f of server.client().listFiles({ limit: 1000 })) listed.set(f.id, f.size);
    expect(listed.get(result.big.id)).toBe(SIZE);
    expect(listed.get(result.small.id)).toBe(12);
    expect(appLog).toEqual(expect.arrayContaining([`stored ${result.big.id} ${result.big.key} (${SIZE} bytes)`]));
  });

  it("the page's refusal from the route is typed with the route's message", async () => {
    const refused = await page.evaluate(async () => {
      const error = await window.uploadToRoute(new File(["<p>"], "x.html", { type: "text/html" }), "holidays").catch((e) => e);
      const noAlbum = await window.uploadToRoute(new File(["x"], "x.png", { type: "image/png" }), "").catch((e) => e);
      return [error, noAlbum].map((e) => ({ name: e.name, status: e.status, code: e.code, message: e.message }));
    });
    expect(refused).toEqual([
      { name: "ValidationError", status: 415, code: "content_type_refused", message: expect.stringMatching(/^text\/html is not accepted here/) },
      { name: "PermissionDeniedError", status: 403, code: "upload_refused", message: expect.stringMatching(/^Pick an album first\.( Hint: .+)?$/) },
    ]);
  });

  it("no request the page made carries the API key: not in a URL, a header or a body, and no answer it read holds it", async () => {
    const all = [...requests.values()];
    // Bodies Chromium did not inline (a fetch body goes through a stream): asked for one by one.
    const unreadable: string[] = [];
    for (const r of all.filter((r) => r.hasPostData && r.postData === "")) {
      try {
        const { postData, base64Encoded } = (await cdp.send("Network.getRequestPostData", { requestId: r.requestId })) as { postData: string; base64Encoded?: boolean };
        r.postData = base64Encoded ? Buffer.from(postData, "base64").toString("latin1") : postData;
      } catch {
        unreadable.push(`${r.method} ${r.url}`);
      }
    }
    expect(unreadable).toEqual([]);
    expect(all.some((r) => r.url.endsWith("/api/upload") && r.postData.includes('"type":"complete"'))).toBe(true);
    expect(all.some((r) => r.method === "PUT" && r.url.startsWith("http") && !r.url.startsWith(appUrl))).toBe(true);
    const key = server.apiKey;
    const secretParts = [key, key.slice("dlk_dev_".length), SECRET];
    for (const r of all) {
      const text = [r.url, JSON.stringify(r.headers), r.postData].join("\n");
      for (const secret of secretParts) expect(text.includes(secret), `${r.method} ${r.url}`).toBe(false);
      expect(Object.keys(r.headers).map((h) => h.toLowerCase())).not.toContain("authorization");
    }
    // The page, the SDK it loaded and every JSON answer of the route: no key there either.
    for (const r of all.filter((r) => r.method !== "PUT" && r.url.startsWith(appUrl))) {
      const { body, base64Encoded } = await cdp.send("Network.getResponseBody", { requestId: r.requestId });
      const text = base64Encoded ? Buffer.from(body, "base64").toString("latin1") : body;
      for (const secret of secretParts) expect(text.includes(secret), `answer of ${r.url}`).toBe(false);
    }
    expect(pageErrors).toEqual([]);
  });
});
