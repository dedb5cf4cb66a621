// The API key must never reach an error, a log line or `util.inspect` output.

/** `dlk_dev_abcdefgh1234` → `dlk_dev_…1234`: enough to tell keys apart, useless to an attacker. */
export function redactApiKey(key: string | undefined): string {
  if (!key) return "(none)";
  const prefix = /^dlk_(dev|live)_/.exec(key)?.[0] ?? "";
  const tail = key.length - prefix.length > 8 ? key.slice(-4) : "";
  return `${prefix}…${tail}`;
}

/** Replaces every occurrence of `secret` in `text` (e.g. a server echoing the key back). */
export function scrub(text: string, secret: string | undefined): string {
  if (!secret || !text.includes(secret)) return text;
  return text.split(secret).join(redactApiKey(secret));
}

/** `scrub` applied to every string inside a parsed JSON value (an error body kept on the error). */
export function scrubDeep<T>(value: T, secret: string | undefined): T {
  if (!secret) return value;
  if (typeof value === "string") return scrub(value, secret) as T;
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, secret)) as T;
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubDeep(v, secret)])) as T;
  }
  return value;
}
