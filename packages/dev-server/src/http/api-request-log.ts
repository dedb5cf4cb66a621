import type { ServerResponse } from "node:http";

/** One API call the router saw (`GET /__dev/api-requests`). */
export interface ApiRequest {
  /** The spec's operationId (`createPresignedUpload`, `completeUpload`, …). */
  operationId: string;
  method: string;
  /** The path without the query. */
  path: string;
  /**
   * The status answered; null when no answer went out (a `reset` fault, a client that gave up
   * first, or a `dropResponse` fault after the operation ran).
   */
  status: number | null;
}

/** Enough for any fault suite or load test here; older entries are dropped first. */
const MAX_ENTRIES = 100_000;

/**
 * Every call of a spec operation, oldest first (dev endpoints and /healthz are not logged), so
 * SDK fault suites can count what reached the server: how many times presign or complete was
 * sent, whether an upload was aborted. Always on, like the store front's log.
 */
export class ApiRequestLog {
  private entries: ApiRequest[] = [];

  track(operationId: string, method: string, path: string, res: ServerResponse): void {
    const entry: ApiRequest = { operationId, method, path, status: null };
    this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES) this.entries.shift();
    // Recorded when the status line goes out, so a client that reads the log right after its
    // answer sees the status; a destroyed response never sets it.
    const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
    res.writeHead = ((...args: unknown[]) => {
      entry.status = Number(args[0]);
      return writeHead(...args);
    }) as ServerResponse["writeHead"];
  }

  list(): ApiRequest[] {
    return this.entries.map((e) => ({ ...e }));
  }

  clear(): void {
    this.entries = [];
  }
}
