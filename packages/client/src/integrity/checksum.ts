// SHA-256 as S3 speaks it (spec/scenarios/checksums.json): base64 of the digest of a whole body,
// of each part, and the composite checksum of a multipart object: base64 SHA-256 of the parts' raw
// digests concatenated in part order, then `-<part count>`. The hash itself comes from the platform
// (node:crypto in Node, crypto.subtle in browsers), so this file has no import of either.

/** An incremental SHA-256: feed chunks, then read the 32-byte digest once. */
export interface Sha256 {
  update(chunk: Uint8Array): void;
  digest(): Promise<Uint8Array>;
}

export type CreateSha256 = () => Sha256;

export function toBase64(bytes: Uint8Array): string {
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
}

/** A composite checksum `<base64>-<n>`: its part count, else undefined (a whole-object digest). */
export const compositeParts = (checksum: string): number | undefined => {
  const match = /-(\d+)$/.exec(checksum);
  return match ? Number(match[1]) : undefined;
};

export interface Digests {
  /** base64 SHA-256 of every byte (unless `whole: false`). */
  sha256?: string;
  /** With a part size: each part's base64 SHA-256, and the composite of them. */
  parts?: string[];
  composite?: string;
}

/**
 * Hashes a body as it passes, whole and (with `partSize`) cut into parts at the part boundaries,
 * whatever the chunk sizes: one read gives both the whole digest and the composite. `whole: false`
 * skips the whole digest when only the composite is checked (a download of a multipart file), which
 * would else hash every byte twice.
 */
export function digester(create: CreateSha256, partSize?: number, { whole: wantWhole = true } = {}) {
  const whole = wantWhole || !partSize ? create() : undefined;
  const parts: Sha256[] = [];
  let inPart = 0;
  return {
    update(chunk: Uint8Array) {
      whole?.update(chunk);
      if (!partSize) return;
      for (let at = 0; at < chunk.byteLength; ) {
        if (parts.length === 0 || inPart === partSize) {
          parts.push(create());
          inPart = 0;
        }
        const take = Math.min(partSize - inPart, chunk.byteLength - at);
        parts[parts.length - 1]!.update(chunk.subarray(at, at + take));
        inPart += take;
        at += take;
      }
    },
    async finish(): Promise<Digests> {
      const sha256 = whole ? toBase64(await whole.digest()) : undefined;
      if (!partSize) return { sha256 };
      // An empty body is one empty part, as S3 stores it.
      if (parts.length === 0) parts.push(create());
      const raw = await Promise.all(parts.map((p) => p.digest()));
      const all = create();
      for (const digest of raw) all.update(digest);
      return { ...(sha256 === undefined ? {} : { sha256 }), parts: raw.map(toBase64), composite: `${toBase64(await all.digest())}-${raw.length}` };
    },
  };
}

/** base64 SHA-256 of bytes already in memory. */
export async function sha256Of(create: CreateSha256, bytes: Uint8Array): Promise<string> {
  const hash = create();
  hash.update(bytes);
  return toBase64(await hash.digest());
}

/** base64 SHA-256 of an in-memory source (bytes, a Blob or a slice of one); undefined for other kinds. */
export async function digestInMemory(create: CreateSha256, source: { kind: string; bytes?: Uint8Array; blob?: Blob }): Promise<string | undefined> {
  if (source.kind === "bytes") return sha256Of(create, source.bytes!);
  if (source.kind === "blob") return sha256Of(create, new Uint8Array(await source.blob!.arrayBuffer()));
  return undefined;
}
