import { ApiError } from "../http/respond.js";

/** One misbehaviour: wait, then drop the socket, answer an error status, or hand out an expired URL. */
export interface Fault {
  status?: number;
  retryAfter?: number;
  reset?: boolean;
  delayMs?: number;
  expireUrl?: boolean;
  /** How many matching requests it applies to; undefined = every one. */
  times?: number;
}

/**
 * Parses an `X-Dilnaka-Fault` header value: `;`-separated parts among `status=<4xx|5xx>`,
 * `retry-after=<s>`, `times=<n>`, `reset`, `delay=<ms>`, `expire-url` and `id=<anything>` (only
 * makes two otherwise equal values distinct, since times are counted per exact header value).
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
      case "id":
        break;
      default:
        throw bad(`unknown part "${name}"`);
    }
  }
  if (!fault.status && !fault.reset && fault.delayMs === undefined && !fault.expireUrl) {
    throw bad("give at least one of status=, reset, delay=, expire-url");
  }
  return fault;
}

function bad(problem: string): ApiError {
  return new ApiError(
    400,
    "invalid_request",
    `X-Dilnaka-Fault: ${problem} (e.g. "status=503;times=2", "reset;times=1", "delay=5000").`,
  );
}
