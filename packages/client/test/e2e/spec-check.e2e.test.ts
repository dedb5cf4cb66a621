// DILNAKA_E2E_PRISM_PROXY=1 (issue #17) puts `prism proxy --errors` between this suite and the dev
// server, so any request or response that breaks spec/openapi.yaml fails the run. This file proves
// the switch reached this process and the proxy really is in the path (an env var filtered out by
// turbo, or a harness that bypasses the proxy, would otherwise pass every test unchecked), and that
// without the switch the SDK talks to the API directly.
import { expect, it } from "vitest";
import { devServer } from "../helpers/dev-server.js";

const switchOn = process.env.DILNAKA_E2E_PRISM_PROXY === "1";

it(`the SDK's API traffic ${switchOn ? "passes" : "does not pass"} prism proxy --errors (DILNAKA_E2E_PRISM_PROXY=${process.env.DILNAKA_E2E_PRISM_PROXY ?? ""})`, async () => {
  const { baseUrl, apiKey } = devServer();
  const seen: Array<string | null> = [];
  // The SDK's own fetch, so the check covers the transport every other e2e test uses.
  const recording: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    seen.push(res.headers.get("x-dilnaka-spec-check"));
    return res;
  };
  const client = devServer().client({ fetch: recording });
  await client.listFilesPage({ limit: 1 });
  expect(seen.length).toBeGreaterThan(0);
  expect(seen).toEqual(seen.map(() => (switchOn ? "prism proxy --errors" : null)));
  // Test controls are not in the spec: they go straight to the API either way.
  const controls = await fetch(`${baseUrl}/__dev/faults`, { headers: { Authorization: `Bearer ${apiKey}` } });
  expect([controls.status, controls.headers.get("x-dilnaka-spec-check")]).toEqual([200, null]);
});
