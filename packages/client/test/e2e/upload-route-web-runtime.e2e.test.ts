// The upload route's build (dist/server.js) in a runtime that is not Node: a headless Chromium
// page stands in for Workers, Deno and edge route handlers (Fetch API, WebCrypto, no node:*). The
// page makes the route with a key and serves itself one whole upload through it against the dev
// server: a policy refusal, a presign, the PUT, a forged token refused, the complete.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { devServer } from "../helpers/dev-server.js";
import { SECRET } from "../helpers/upload-route.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ROUTE_BUILD = readFileSync(new URL("../../dist/server.js", import.meta.url), "utf8");
const server = devServer();
let site: Server;
let context: BrowserContext;
let page: Page;
let profile: string;

beforeAll(async () => {
  site = createServer((req, res) => {
    if (req.url === "/server.js") return res.writeHead(200, { "content-type": "text/javascript" }).end(ROUTE_BUILD);
    res.writeHead(200, { "content-type": "text/html" }).end('<!doctype html><script type="module">window.route = await import("/server.js");</script>');
  });
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
  profile = mkdtempSync(join(tmpdir(), "dilnaka-route-web-"));
  context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"] });
  page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`http://127.0.0.1:${(site.address() as AddressInfo).port}/`);
  await page.waitForFunction(() => "route" in window);
}, 60_000);

afterAll(async () => {
  await context?.close();
  site?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

describe("dist/server.js outside Node", () => {
  it("refuses by policy, presigns, refuses a forged token and completes, on the Fetch API and WebCrypto alone", async () => {
    const result = await page.evaluate(
      async ({ apiKey, baseURL, SECRET }) => {
        const { createUploadRoute } = (window as unknown as { route: typeof import("../../src/server/index.js") }).route;
        const route = createUploadRoute({ client: { apiKey, baseURL }, tokenSecret: SECRET, onBeforeUpload: () => ({ maxSize: 100 }) });
        const step = async (body: object) => {
          const response = await route(new Request(location.href, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }));
          return { status: response.status, body: await response.json() };
        };
        const refused = await step({ type: "presign", filename: "big.bin", contentType: "application/octet-stream", size: 101 });
        const presigned = await step({ type: "presign", filename: "edge.txt", contentType: "text/plain", size: 4 });
        const { fileId, token, upload } = presigned.body;
        const put = await fetch(upload.url, { method: "PUT", headers: upload.headers, body: "edge" });
        const forged = await step({ type: "complete", fileId, token: token.slice(0, -2) + (token.endsWith("AA") ? "BB" : "AA") });
        const done = await step({ type: "complete", fileId, token });
        return { refused, presigned: presigned.status, put: put.status, forged, done };
      },
      { apiKey: server.apiKey, baseURL: server.baseUrl, SECRET },
    );
    expect(result.refused).toMatchObject({ status: 413, body: { error: "file_too_large" } });
    expect(result.presigned).toBe(200);
    expect(result.put).toBe(200);
    expect(result.forged).toMatchObject({ status: 403, body: { error: "token_invalid" } });
    expect(result.done).toMatchObject({ status: 200, body: { type: "complete", file: { status: "uploaded", size: 4, originalName: "edge.txt" } } });
  });
});
