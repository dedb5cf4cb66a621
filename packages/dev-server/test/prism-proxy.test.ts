// DILNAKA_E2E_PRISM_PROXY=1: clients get a URL behind `prism proxy --errors`; a request or response
// that breaks the spec is answered 418 spec_violation and makes stop() fail, test controls and
// faults still reach the dev server as they did.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startDevServer, type DevServer } from "../src/index.js";

let server: DevServer;
let stopped: Promise<unknown> | undefined;
const json = (key: string) => ({ Authorization: `Bearer ${key}`, "Content-Type": "application/json" });

beforeAll(async () => {
  server = await startDevServer({ plan: "pro", faults: true, env: { ...process.env, DILNAKA_E2E_PRISM_PROXY: "1" } });
}, 120_000);
afterAll(() => (stopped ? undefined : server?.stop().catch(() => undefined)));

it("passes spec-conforming traffic, faults and /__dev/ calls through", async () => {
  const ok = await fetch(`${server.baseUrl}/v1/uploads/presign`, {
    method: "POST",
    headers: json(server.apiKey),
    body: JSON.stringify({ filename: "a.txt", contentType: "text/plain", size: 3 }),
  });
  expect([ok.status, ok.headers.get("x-dilnaka-spec-check")]).toEqual([200, "prism proxy --errors"]);
  const usage = await fetch(`${server.baseUrl}/__dev/usage`, { method: "POST", headers: json(server.apiKey), body: "{}" });
  expect([usage.status, usage.headers.get("x-dilnaka-spec-check")]).toEqual([200, null]); // straight to the API
  const busy = await fetch(`${server.baseUrl}/v1/files`, { headers: { ...json(server.apiKey), "X-Dilnaka-Fault": "status=503" } });
  expect([busy.status, busy.headers.get("retry-after")]).toEqual([503, "1"]);
  // The dev server drops the connection; Prism would make that a 500, the front drops it again.
  await expect(fetch(`${server.baseUrl}/v1/files`, { headers: { ...json(server.apiKey), "X-Dilnaka-Fault": "reset" } })).rejects.toThrow();
});

it("answers a request that breaks the spec with 418 spec_violation, and stop() reports it", async () => {
  const bad = await fetch(`${server.baseUrl}/v1/uploads/presign`, {
    method: "POST",
    headers: json(server.apiKey),
    body: JSON.stringify({ filename: "a.txt", contentType: "text/plain", size: -1 }),
  });
  expect(bad.status).toBe(418);
  const body = await bad.json();
  expect(body).toMatchObject({ success: false, error: "spec_violation" });
  expect(body.message).toMatch(/POST \/v1\/uploads\/presign → 422: .*size must be >= 0/);
  stopped = server.stop();
  await expect(stopped).rejects.toThrow(/1 request\(s\)\/response\(s\) broke spec\/openapi.yaml/);
});
