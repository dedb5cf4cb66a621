// The load test's clients (issue #17): each one uploads files of mixed sizes through the real API and
// store (presign → PUT → complete), reads them back, lists and deletes some, and records what the
// server confirmed, so the test can check after a kill -9 that nothing confirmed was lost and nothing
// unconfirmed appeared.
import { createHash } from "node:crypto";
import http from "node:http";

/** Sizes cycled through by every client: empty, tiny, a few KB, and a few hundred KB. */
export const SIZES = [0, 1, 1000, 16 * 1024, 64 * 1024, 300 * 1024];

export interface Confirmed {
  fileId: string;
  size: number;
  sha256: string;
}

/** What the clients of one wave saw. */
export interface WaveLedger {
  /** complete answered 200 (and no delete of it was sent). */
  confirmed: Map<string, Confirmed>;
  /** complete was sent but never answered (the server died): either outcome is allowed. */
  completeInDoubt: Map<string, Confirmed>;
  /** delete answered success: must never be listed again. */
  deleted: Set<string>;
  /** delete was sent but never answered. */
  deleteInDoubt: Map<string, Confirmed>;
  latency: { presign: number[]; complete: number[] };
  requests: number;
  /** Answers other than the expected success, by "operation status". */
  errors: Map<string, number>;
  /** Connection failures (expected only after the kill). */
  connectionErrors: number;
}

export function newLedger(): WaveLedger {
  return {
    confirmed: new Map(),
    completeInDoubt: new Map(),
    deleted: new Set(),
    deleteInDoubt: new Map(),
    latency: { presign: [], complete: [] },
    requests: 0,
    errors: new Map(),
    connectionErrors: 0,
  };
}

/** Deterministic bytes for (client, index): the test recomputes nothing, it keeps the digest. */
function bytesFor(client: number, index: number, size: number): Buffer {
  const buf = Buffer.alloc(size);
  let x = (client * 7919 + index * 104729 + 1) >>> 0;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    buf[i] = x >>> 24;
  }
  return buf;
}

export const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

class ConnectionLost extends Error {}

/** One HTTP exchange with node:http (a fresh connection each time, as many clients would). */
function exchange(url: string, method: string, headers: Record<string, string>, body?: Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: { ...headers, ...(body ? { "Content-Length": String(body.length) } : {}) }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      res.on("error", (e) => reject(new ConnectionLost(e.message)));
    });
    req.on("error", (e) => reject(new ConnectionLost(e.message)));
    req.end(body);
  });
}

export interface Api {
  baseUrl: string;
  apiKey: string;
}

async function call(api: Api, ledger: WaveLedger, method: string, path: string, body?: unknown) {
  ledger.requests++;
  const headers: Record<string, string> = { Authorization: `Bearer ${api.apiKey}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const res = await exchange(api.baseUrl + path, method, headers, body === undefined ? undefined : Buffer.from(JSON.stringify(body)));
  return { status: res.status, body: res.text ? JSON.parse(res.text) : undefined };
}

function countError(ledger: WaveLedger, what: string, status: number): void {
  const k = `${what} ${status}`;
  ledger.errors.set(k, (ledger.errors.get(k) ?? 0) + 1);
}

/**
 * One client: `uploads` uploads in a row (none started after `deadline`); after each a getFile,
 * every 4th a listFiles, every 5th a delete of one of its earlier files. Stops at the first
 * connection failure (the server was killed), recording whatever was in flight as in doubt.
 * `onComplete` is told each confirmed complete.
 */
export async function runClient(api: Api, ledger: WaveLedger, client: number, uploads: number, deadline: number, onComplete: () => void): Promise<void> {
  const mine: Confirmed[] = [];
  let inFlight: { kind: "complete" | "delete"; file: Confirmed } | null = null;
  try {
    for (let i = 0; i < uploads && performance.now() < deadline; i++) {
      const size = SIZES[(client + i) % SIZES.length]!;
      const data = bytesFor(client, i, size);
      let t = performance.now();
      const p = await call(api, ledger, "POST", "/v1/uploads/presign", { filename: `c${client}-${i}.bin`, contentType: "application/octet-stream", size });
      ledger.latency.presign.push(performance.now() - t);
      if (p.status !== 200) {
        countError(ledger, "presign", p.status);
        continue;
      }
      ledger.requests++;
      const put = await exchange(p.body.uploadUrl, "PUT", p.body.headers, data);
      if (put.status !== 200) {
        countError(ledger, "put", put.status);
        continue;
      }
      const file = { fileId: p.body.fileId as string, size, sha256: sha256(data) };
      inFlight = { kind: "complete", file };
      t = performance.now();
      const c = await call(api, ledger, "POST", "/v1/uploads/complete", { fileId: file.fileId });
      ledger.latency.complete.push(performance.now() - t);
      inFlight = null;
      if (c.status !== 200) {
        countError(ledger, "complete", c.status);
        continue;
      }
      ledger.confirmed.set(file.fileId, file);
      mine.push(file);
      onComplete();
      const g = await call(api, ledger, "GET", `/v1/files/${file.fileId}`);
      if (g.status !== 200 || g.body.size !== size) countError(ledger, "get", g.status);
      if (i % 4 === 0) {
        const l = await call(api, ledger, "GET", "/v1/files?limit=50");
        if (l.status !== 200) countError(ledger, "list", l.status);
      }
      if (i % 5 === 4 && mine.length > 1) {
        const victim = mine.splice(0, 1)[0]!;
        ledger.confirmed.delete(victim.fileId);
        inFlight = { kind: "delete", file: victim };
        const d = await call(api, ledger, "DELETE", `/v1/files/${victim.fileId}`);
        inFlight = null;
        if (d.status === 200) ledger.deleted.add(victim.fileId);
        else {
          countError(ledger, "delete", d.status);
          ledger.confirmed.set(victim.fileId, victim);
        }
      }
    }
  } catch (err) {
    if (!(err instanceof ConnectionLost)) throw err;
    ledger.connectionErrors++;
    if (inFlight?.kind === "complete") ledger.completeInDoubt.set(inFlight.file.fileId, inFlight.file);
    if (inFlight?.kind === "delete") ledger.deleteInDoubt.set(inFlight.file.fileId, inFlight.file);
  }
}

/**
 * Runs `clients` clients at once, each for `uploads` uploads or until `budgetMs` is spent (so a slow,
 * shared machine bounds the time, not the checks); resolves with the wave's wall time in seconds.
 */
export async function runWave(api: Api, ledger: WaveLedger, clients: number, uploads: number, budgetMs: number, onComplete: () => void = () => {}) {
  const t = performance.now();
  await Promise.all(Array.from({ length: clients }, (_, c) => runClient(api, ledger, c, uploads, t + budgetMs, onComplete)));
  return (performance.now() - t) / 1000;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function summary(name: string, ledger: WaveLedger, seconds: number): string {
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  const errors = [...ledger.errors].map(([k, n]) => `${k}×${n}`).join(", ") || "none";
  const uploads = ledger.latency.complete.length;
  return (
    `${name}: ${uploads} uploads, ${ledger.requests} requests in ${seconds.toFixed(1)} s = ${(ledger.requests / seconds).toFixed(0)} req/s; ` +
    `presign p50 ${ms(percentile(ledger.latency.presign, 50))} p99 ${ms(percentile(ledger.latency.presign, 99))}; ` +
    `complete p50 ${ms(percentile(ledger.latency.complete, 50))} p99 ${ms(percentile(ledger.latency.complete, 99))}; ` +
    `${ledger.confirmed.size} confirmed, ${ledger.deleted.size} deleted, ${ledger.completeInDoubt.size + ledger.deleteInDoubt.size} in doubt; ` +
    `errors: ${errors}; connection failures: ${ledger.connectionErrors}`
  );
}
