// Which SHA-256 an upload sends (spec/scenarios/README.md, "Checksum conventions"): whatever costs
// no extra read by default (in-memory sources, and every multipart part as it is read), a pre-pass
// over a file or a spooled stream only with `checksum: "sha256"`, nothing with `checksum: false`.

import type { UploadContext } from "./index.js";
import type { ResolvedSource } from "./source.js";

/** `"sha256"`: always; `false`: never; undefined: when it costs no extra read. */
export type ChecksumOption = "sha256" | false | undefined;

/** The base64 SHA-256 to sign into a single PUT, or undefined for none. */
export async function singlePutChecksum(ctx: UploadContext, source: ResolvedSource, option: ChecksumOption): Promise<string | undefined> {
  if (option === false || source.kind === "stream") return undefined;
  if (source.kind === "path" && option !== "sha256") return undefined;
  return ctx.platform.digest(source);
}
