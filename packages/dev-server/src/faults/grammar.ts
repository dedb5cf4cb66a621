import { ApiError } from "../http/respond.js";

/** One misbehaviour: wait, then drop the socket, answer an error status, or hand out an expired URL. */
export interface Fault {
  status?: number;
  retryAfter?: number;
  reset?: boolean;
  delayMs?: number;
  expireUrl?: boolean;
  /**
   * Drop the socket after this many body bytes: of the request body for an API call or a store PUT
   * (read, then dropped), of the response body for a store GET (sent, then dropped).
   */
  resetAfterBytes?: number;
  /** Store only: flip (XOR 0xFF) the body byte at this offset, of a PUT's request or a GET's response. */
  corruptByte?: number;
  /** Store only: match only the PUTs of this part number (`?partNumber=`). */
  part?: number;
  /**
   * API only: run the operation (it commits), then drop the socket instead of answering: the
   * answer is lost, as when a connection dies after the server did the work.
   */
  dropResponse?: boolean;
  /** How many matching requests it applies to; undefined = every one. */
  times?: number;
}

/** A fault must do something; `part`, `times` and `retryAfter` only qualify one. */
export function hasEffect(f: Fault): boolean {
  return Boolean(
    f.status ||
      f.reset ||
      f.delayMs !== undefined ||
      f.expireUrl ||
      f.resetAfterBytes !== undefined ||
      f.corruptByte !== undefined ||
      f.dropResponse,
  );
}

/**
 * Parses an `X-Dilnaka-Fault` header value: `;`-separated parts among `status=<4xx|5xx>`,
 * `retry-after=<s>`, `times=<n>`, `reset`, `reset-after=<bytes>`, `corrupt-byte=<offset>`,
 * `delay=<ms>`, `expire-url`, `drop-response`, `part=<n>` and `id=<anything>` (only makes two otherwise equal values distinct, since times are
 * counted per exact header value).
 */
export function parseFaultHeader(value: string): Fault {
  const fault: Fault = {};
  for (const raw of value.split(";")) {
    const part = raw.trim();
    if (!part) continue;
    const [name, arg] = part.split("=", 2).map((s) => s.trim()) as [string, string | undefined];
    const int = (min: number, max: number): number => {
      const n = Number(arg);
      if (arg === undefined || !Number.isInteger(n) || n < min || n > max) {
        throw bad(`${name} needs an integer between ${min} and ${max}`);
      }
      return n;
    };
    switch (name.toLowerCase()) {
      case "status":
        fault.status = int(400, 599);
        break;
      case "retry-after":
        fault.retryAfter = int(0, 3600);
        break;
      case "times":
        fault.times = int(1, 1_000_000);
        break;
      case "delay":
        fault.delayMs = int(0, 600_000);
        break;
      case "reset":
        fault.reset = true;
        break;
      case "expire-url":
        fault.expireUrl = true;
        break;
      case "drop-response":
        fault.dropResponse = true;
        break;
      case "reset-after":
        fault.resetAfterBytes = int(0, Number.MAX_SAFE_INTEGER);
        break;
      case "corrupt-byte":
        fault.corruptByte = int(0, Number.MAX_SAFE_INTEGER);
        break;
      case "part":
        fault.part = int(1, 10_000);
        break;
      case "id":
        break;
      default:
        throw bad(`unknown part "${name}"`);
    }
  }
  if (!hasEffect(fault)) throw bad("give at least one of status=, reset, reset-after=, corrupt-byte=, delay=, expire-url, drop-response");
  return fault;
}

function bad(problem: string): ApiError {
  return new ApiError(
    400,
    "invalid_request",
    `X-Dilnaka-Fault: ${problem} (e.g. "status=503;times=2", "reset;times=1", "delay=5000").`,
  );
}
