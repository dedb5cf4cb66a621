/** What a GET answers for its `Range` header, as S3 decides it. */
export type RangeDecision =
  | { kind: "whole" }
  | { kind: "part"; start: number; end: number }
  | { kind: "unsatisfiable" };

/**
 * S3's reading of `Range` (one range of bytes, RFC 9110): `bytes=a-b`, `bytes=a-` and the suffix
 * `bytes=-n`; `b` past the end is cut to the last byte, a suffix longer than the object is the
 * whole object (still a 206). A first byte at or past the end, `bytes=-0`, and any range of an
 * empty object are unsatisfiable (416 InvalidRange). Anything else — another unit, several ranges,
 * `b < a`, garbage — is ignored as RFC 9110 says and S3 does: a 200 with the whole object.
 *
 * s3rver 4.0.4 gets several of these wrong (`bytes=-n` read as `bytes=0-n`, `bytes=0-0` as the
 * whole object, a range of an empty object as a 206 of nothing), hence our own.
 */
export function decideRange(header: string | undefined, size: number): RangeDecision {
  const m = header === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === "" && m[2] === "")) return { kind: "whole" };
  const [first, last] = [m[1]!, m[2]!];
  if (first === "") {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: "unsatisfiable" };
    return { kind: "part", start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (last !== "" && Number(last) < start) return { kind: "whole" };
  if (start >= size) return { kind: "unsatisfiable" };
  return { kind: "part", start, end: last === "" ? size - 1 : Math.min(Number(last), size - 1) };
}
