// The loopback server behind `pnpm docs:serve` and the browser test.
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStaticServer } from "../scripts/static-server.mjs";
import { dist } from "./paths.js";

let server: { url: string; close(): Promise<void> };
beforeAll(async () => {
  server = await startStaticServer(dist);
});
afterAll(() => server?.close());

/** A raw GET, so the path reaches the server exactly as written (no client-side normalising). */
function get(path: string): Promise<{ status: number; type: string | undefined }> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(server.url);
    request({ hostname, port, path }, (response) => {
      response.resume();
      resolve({ status: response.statusCode!, type: response.headers["content-type"] });
    })
      .on("error", reject)
      .end();
  });
}

describe("the static server", () => {
  it("listens on loopback only and serves index.html for /", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(await get("/")).toEqual({ status: 200, type: "text/html; charset=utf-8" });
  });

  it("serves nothing outside dist/", async () => {
    expect((await get("/../package.json")).status).toBe(404);
    expect((await get("/%2e%2e/package.json")).status).toBe(404);
    expect((await get("/nope.html")).status).toBe(404);
  });
});
