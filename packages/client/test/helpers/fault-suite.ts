// Reading spec/faults/faults.json and counting what the dev server saw, for faults-suite.e2e.test.ts.
import { readFileSync } from "node:fs";

type ClassByLanguage = { typescript: string; python: string; php: string };

export interface FaultCase {
  name: string;
  given: {
    kind: string;
    file?: { size: number };
    options: { maxRetries: number; timeout: number; multipartThreshold?: number; partSize?: number; concurrency?: number };
    faults: object[];
    apiKey?: "wrong";
    usage?: object;
  };
  expect: {
    outcome: "success" | "error";
    class?: ClassByLanguage;
    code?: string;
    status?: number | null;
    fileId?: boolean;
    requests: Record<string, number>;
    orphans: number;
    minSeconds?: number;
    then?: string;
  };
}

/** Every field a case may have: a runner fails on any other (a field it would silently ignore). */
export const KNOWN_GIVEN = ["kind", "file", "options", "faults", "apiKey", "usage"];
export const KNOWN_EXPECT = ["outcome", "class", "code", "status", "fileId", "requests", "orphans", "minSeconds", "then"];

export function loadFaultSuite(): { description: string; cases: FaultCase[] } {
  return JSON.parse(readFileSync(new URL("../../../../spec/faults/faults.json", import.meta.url), "utf8"));
}

export async function devCall(baseUrl: string, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
  return res.json();
}

/**
 * Requests of each kind: API calls by operationId, store PUTs as `storePut` (one object) and
 * `storePartPut` (a multipart part). Kinds never seen are absent, as in the suite's `requests`.
 */
export function countRequests(
  api: Array<{ operationId: string }>,
  store: Array<{ method: string; partNumber: number | null }>,
): Record<string, number> {
  const counts: Record<string, number> = {};
  const add = (kind: string) => (counts[kind] = (counts[kind] ?? 0) + 1);
  for (const r of api) add(r.operationId);
  for (const r of store) if (r.method === "PUT") add(r.partNumber === null ? "storePut" : "storePartPut");
  return counts;
}
