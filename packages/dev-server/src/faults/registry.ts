import type { Readable } from "node:stream";
import { ApiError } from "../http/respond.js";
import { type Fault, parseFaultHeader } from "./grammar.js";

export type FaultTarget = "api" | "store";

/** A fault armed through `POST /__dev/faults`: consumed by the next matching requests. */
export interface ArmedFault extends Fault {
  target: FaultTarget;
  /** An operationId of the spec for the API, `put`/`get` for the store; undefined = any. */
  operation?: string;
}

export const FAULT_HEADER = "x-dilnaka-fault";

/**
 * Decides, per request, which fault (if any) applies. Off unless the server runs with `--faults`:
 * then the header wins, else the oldest matching armed fault.
 */
export class FaultRegistry {
  private readonly seen = new Map<string, number>();
  private armed: Array<ArmedFault & { remaining: number }> = [];

  constructor(readonly enabled: boolean) {}

  arm(fault: ArmedFault): void {
    this.armed.push({ ...fault, remaining: fault.times ?? 1 });
  }

  clear(): void {
    this.armed = [];
    this.seen.clear();
  }

  pending(): ArmedFault[] {
    return this.armed.map(({ remaining, ...f }) => ({ ...f, times: remaining }));
  }

  /**
   * The fault for this request, counting it as used. `partNumber` is the store request's
   * `?partNumber=` (null otherwise): a fault with `part` matches only that part's requests.
   * Throws ApiError(400) on a malformed header.
   */
  take(target: FaultTarget, operation: string, header: string | string[] | undefined, partNumber: number | null = null): Fault | null {
    if (!this.enabled) return null;
    const value = Array.isArray(header) ? header.join(";") : header;
    if (value) {
      const fault = parseFaultHeader(value);
      if (fault.part !== undefined && fault.part !== partNumber) return null;
      const count = (this.seen.get(value) ?? 0) + 1;
      this.seen.set(value, count);
      return fault.times === undefined || count <= fault.times ? fault : null;
    }
    const i = this.armed.findIndex(
      (f) =>
        f.target === target &&
        (!f.operation || f.operation === operation) &&
        (f.part === undefined || f.part === partNumber),
    );
    if (i < 0) return null;
    const fault = this.armed[i]!;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.armed.splice(i, 1);
    return fault;
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Reads `bytes` of the body (or all of it, if shorter), then drops the connection. */
export async function resetAfter(req: Readable & { socket: { destroy(): void } }, bytes: number): Promise<void> {
  let seen = 0;
  if (bytes > 0) {
    await new Promise<void>((resolve) => {
      const done = () => resolve();
      req.on("data", (chunk: Buffer) => {
        seen += chunk.length;
        if (seen >= bytes) done();
      });
      req.once("end", done);
      req.once("error", done);
      req.once("close", done);
    });
  }
  req.socket.destroy();
}

/**
 * Plays the part of a fault that happens before the handler: the delay, then a dropped socket
 * (at once or after some body bytes) or an error status. Returns "handled" when the request must
 * not go further.
 */
export async function playFault(
  fault: Fault | null,
  req: Readable & { socket: { destroy(): void } },
): Promise<"handled" | ApiError | null> {
  if (!fault) return null;
  if (fault.corruptByte !== undefined) {
    return new ApiError(400, "invalid_request", "X-Dilnaka-Fault: corrupt-byte applies to store requests (the presigned PUT or GET), not to API calls.");
  }
  if (fault.delayMs) await sleep(fault.delayMs);
  if (fault.resetAfterBytes !== undefined) {
    await resetAfter(req, fault.resetAfterBytes);
    return "handled";
  }
  if (fault.reset) {
    req.socket.destroy();
    return "handled";
  }
  if (fault.status) return ApiError.of(fault.status, fault.retryAfter);
  return null;
}
