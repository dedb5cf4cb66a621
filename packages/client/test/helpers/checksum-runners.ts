// Runner for spec/scenarios/checksums.json: the bytes of each case go through the entry's own
// SHA-256 (node:crypto or crypto.subtle) and the SDK's digester, fed in uneven chunks so part
// boundaries fall inside chunks; the digests must be the vectors'.

import { expect } from "vitest";
import { digester } from "../../src/integrity/checksum.js";
import { nodeSha256 } from "../../src/integrity/sha256-node.js";
import { browserSha256 } from "../../src/integrity/sha256-browser.js";

/** `repeat` written over and over, cut at `size` bytes. */
export function scenarioBytes({ repeat, size }: { repeat: string; size: number }): Uint8Array {
  const unit = new TextEncoder().encode(repeat);
  const bytes = new Uint8Array(size);
  for (let at = 0; at < size && unit.byteLength > 0; at += unit.byteLength) bytes.set(unit.subarray(0, Math.min(unit.byteLength, size - at)), at);
  return bytes;
}

export function checksumRunners(env: { entry: () => "node" | "browser" }) {
  return {
    async "checksums.json"(given: any, want: any) {
      const bytes = scenarioBytes(given.bytes);
      const d = digester(env.entry() === "node" ? nodeSha256 : browserSha256, given.partSize);
      // 1 MiB + 7 bytes: never aligned with a 5 MiB part.
      for (let at = 0; at < bytes.byteLength; at += 1_048_583) d.update(bytes.subarray(at, at + 1_048_583));
      const digests = await d.finish();
      expect(digests.sha256).toBe(want.sha256);
      if (want.parts) expect({ parts: digests.parts, composite: digests.composite }).toEqual({ parts: want.parts, composite: want.composite });
    },
  };
}
