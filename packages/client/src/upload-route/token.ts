// The completion token of spec/upload-route.yaml: `v1.<payload>.<signature>`, the payload the
// base64url (no padding) of a small JSON object, the signature the base64url HMAC-SHA256 of
// `v1.<payload>` under the route's secret. WebCrypto only (no node:*), so the route runs in Node,
// Deno, Bun, Workers and edge runtimes alike; crypto.subtle.verify compares in constant time.

export interface TokenPayload {
  /** The file id the route presigned. */
  fid: string;
  /** Bytes announced at presign (null: unknown). */
  size: number | null;
  /** A multipart upload (parts presigned through the route). */
  mp: boolean;
  /** Unix seconds after which the token is refused. */
  exp: number;
  /**
   * The page's clientPayload the policy accepted, handed to onUploadCompleted. An extension of the
   * spec's payload (verifiers ignore fields they do not know); absent when the page sent none.
   */
  cp?: string;
}

export type TokenRefusal = "token_invalid" | "token_expired" | "token_mismatch";

export type TokenCheck = { ok: true; payload: TokenPayload } | { ok: false; error: TokenRefusal; message: string };

const PREFIX = "v1";
const encoder = new TextEncoder();

export function base64url(bytes: Uint8Array): string {
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Undefined for anything that is not unpadded base64url. */
export function fromBase64url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return undefined;
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** The HMAC key of a secret (a string is its UTF-8 bytes). */
export function hmacKey(secret: string | Uint8Array): Promise<CryptoKey> {
  const raw = typeof secret === "string" ? encoder.encode(secret) : secret;
  return crypto.subtle.importKey("raw", raw as BufferSource, { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
}

export async function signToken(key: CryptoKey, payload: TokenPayload): Promise<string> {
  const signed = `${PREFIX}.${base64url(encoder.encode(JSON.stringify(payload)))}`;
  const signature = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(signed)));
  return `${signed}.${base64url(signature)}`;
}

const refuse = (error: TokenRefusal, message: string): TokenCheck => ({ ok: false, error, message });
const INVALID = "The completion token is not valid (tampered, malformed or signed with another secret); upload the file again.";

function isPayload(value: unknown): value is TokenPayload {
  const p = value as Partial<TokenPayload> | null;
  return (
    typeof p === "object" && p !== null &&
    typeof p.fid === "string" && p.fid !== "" &&
    (p.size === null || Number.isSafeInteger(p.size)) &&
    typeof p.mp === "boolean" &&
    Number.isSafeInteger(p.exp) &&
    (p.cp === undefined || typeof p.cp === "string")
  );
}

/**
 * Checks, in the spec's order: three parts, the `v1` prefix, the signature, the expiry (`now` in
 * unix seconds), then that the token names `fileId`. The payload is read only once it is signed.
 */
export async function verifyToken(key: CryptoKey, token: unknown, fileId: string, now = Math.floor(Date.now() / 1000)): Promise<TokenCheck> {
  if (typeof token !== "string") return refuse("token_invalid", INVALID);
  const parts = token.split(".");
  if (parts.length !== 3 || parts[0] !== PREFIX) return refuse("token_invalid", INVALID);
  const signature = fromBase64url(parts[2]!);
  const payloadBytes = fromBase64url(parts[1]!);
  if (!signature || !payloadBytes) return refuse("token_invalid", INVALID);
  const signed = await crypto.subtle.verify("HMAC", key, signature as BufferSource, encoder.encode(`${parts[0]}.${parts[1]}`));
  if (!signed) return refuse("token_invalid", INVALID);
  let payload: unknown;
  try {
    payload = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(payloadBytes));
  } catch {
    return refuse("token_invalid", INVALID);
  }
  if (!isPayload(payload)) return refuse("token_invalid", INVALID);
  if (payload.exp <= now) return refuse("token_expired", "The completion token expired; upload the file again.");
  if (payload.fid !== fileId) return refuse("token_mismatch", "The completion token was issued for another file.");
  return { ok: true, payload };
}
