// Access to the shared dev server (real API + embedded S3-compatible store) started by
// test/e2e/global-setup.ts, helpers for its dev-only endpoints, and a streamed download hash.

import { createHash } from "node:crypto";
import { inject } from "vitest";
import { Dilnaka, type DilnakaOptions } from "../../src/index.js";

export function devServer() {
  const { baseUrl, apiKey } = inject("devServer");
  const call = async (path: string, method: string, body?: object) => {
    const res = await fetch(`${baseUrl}${path}`, { method, headers: { "content-type": "application/json" }, body: body && JSON.stringify(body) });
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
    return res.json() as Promise<{ armed?: Array<{ operation?: string }>; requests?: StoreRequest[] }>;
  };
  return {
    baseUrl,
    apiKey,
    client: (options: DilnakaOptions = {}) => new Dilnaka({ apiKey, baseURL: baseUrl, envFile: false, ...options }),
    /** Arms a fault consumed by the next matching request(s). */
    arm: (fault: object) => call("/__dev/faults", "POST", fault),
    clear: () => call("/__dev/faults", "DELETE"),
    /** Faults armed and not yet consumed. */
    pendingFaults: async () => (await call("/__dev/faults", "GET")).armed ?? [],
    usage: (body: object) => call("/__dev/usage", "POST", body),
    /** Every request the store front saw since the last clear, oldest first. */
    storeRequests: async () => (await call("/__dev/store-requests", "GET")).requests ?? [],
    clearStoreRequests: () => call("/__dev/store-requests", "DELETE"),
  };
}

export interface StoreRequest {
  method: string;
  key: string;
  uploadId: string | null;
  partNumber: number | null;
  /** Null while in flight, or when the socket was dropped without an answer. */
  status: number | null;
  bytes: number;
}

/** The part PUTs of one stored key, as the store front logged them. */
export const partPuts = (requests: StoreRequest[], key: string) => requests.filter((r) => r.method === "PUT" && r.partNumber !== null && r.key === key);

/** SHA-256 of what the URL serves, streamed (never the whole body in memory). */
export async function sha256OfUrl(url: string): Promise<{ sha256: string; bytes: number }> {
  const res = await fetch(url);
  if (!res.ok || !res.body) throw new Error(`GET ${url} → ${res.status}`);
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    hash.update(chunk);
    bytes += chunk.byteLength;
  }
  return { sha256: hash.digest("hex"), bytes };
}
