// The Node entry's SHA-256: node:crypto, incremental, so a body of any size is hashed as it streams.

import { createHash } from "node:crypto";
import type { Sha256 } from "./checksum.js";

export function nodeSha256(): Sha256 {
  const hash = createHash("sha256");
  return {
    update: (chunk) => void hash.update(chunk),
    digest: async () => hash.digest(),
  };
}
