import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { specPath } from "../../src/paths.js";

export const sha256b64 = (b: Buffer) => createHash("sha256").update(b).digest("base64");

export interface ChecksumCase {
  name: string;
  given: { bytes: { repeat: string; size: number }; partSize?: number };
  expect: { sha256: string; parts?: string[]; composite?: string };
}

/** The cases of spec/scenarios/checksums.json, shared by every SDK. */
export const checksumCases = (): ChecksumCase[] =>
  (JSON.parse(readFileSync(join(dirname(specPath), "scenarios", "checksums.json"), "utf8")) as { cases: ChecksumCase[] }).cases;

/** A case's bytes: `repeat` written over and over, cut at `size` (empty when size is 0). */
export function caseBytes(c: ChecksumCase): Buffer {
  const { repeat, size } = c.given.bytes;
  if (size === 0) return Buffer.alloc(0);
  const unit = Buffer.from(repeat, "utf8");
  return Buffer.concat(Array(Math.ceil(size / unit.length)).fill(unit)).subarray(0, size);
}

/** The base64 SHA-256 of each `partSize` slice of `data`. */
export function partSums(data: Buffer, partSize: number): string[] {
  const sums: string[] = [];
  for (let at = 0; at < data.length; at += partSize) sums.push(sha256b64(data.subarray(at, at + partSize)));
  return sums;
}
