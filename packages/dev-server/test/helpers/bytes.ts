import { createHash } from "node:crypto";
import http from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

/** Deterministic pseudo-random bytes, produced as a stream so 50 MiB never sits in memory twice. */
export function patternStream(size: number, seed = 1): Readable {
  let produced = 0;
  let x = seed >>> 0 || 1;
  return new Readable({
    read() {
      if (produced >= size) return this.push(null);
      const n = Math.min(1 << 20, size - produced);
      const buf = Buffer.allocUnsafe(Math.ceil(n / 4) * 4);
      for (let i = 0; i < buf.length; i += 4) {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        buf.writeUInt32LE(x >>> 0, i);
      }
      produced += n;
      this.push(buf.subarray(0, n));
    },
  });
}

export async function sha256OfStream(stream: Readable): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A raw HTTP PUT that streams `body` with exactly `headers` (what an SDK does with the presigned URL). */
export async function rawPut(url: string, headers: Record<string, string>, size: number, body: Readable): Promise<RawResponse> {
  return rawRequest(url, "PUT", { ...headers, "Content-Length": String(size) }, body);
}

export function rawRequest(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: Readable,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    if (body) pipeline(body, req).catch(reject);
    else req.end();
  });
}

/** Downloads `url` and returns the SHA-256 and length of what came back, streaming. */
export function download(url: string): Promise<{ status: number; sha256: string; length: number; body?: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        const hash = createHash("sha256");
        let length = 0;
        const small: Buffer[] = [];
        res.on("data", (c: Buffer) => {
          hash.update(c);
          length += c.length;
          if (length < 4096) small.push(c);
        });
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, sha256: hash.digest("hex"), length, body: Buffer.concat(small).toString() }),
        );
      })
      .on("error", reject);
  });
}
