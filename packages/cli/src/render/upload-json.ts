import { maskApiKeys } from "../redact.js";
import type { UploadItem, UploadReporter, UploadSummary, UploadTracker } from "./upload-reporter.js";

/**
 * `--json`: nothing until the end, then one JSON array on stdout, one entry per path in command-line
 * order: `{ "path", "file": {...} }` or `{ "path", "error": { message, code, status, hint } }`.
 */
export class JsonUploadReporter implements UploadReporter {
  constructor(private readonly stdout: NodeJS.WritableStream) {}

  start(_item: UploadItem): UploadTracker {
    return { progress: () => {}, done: () => {}, fail: () => {} };
  }

  interrupted(): void {}

  finish(summary: UploadSummary): void {
    const entries = summary.outcomes.map((outcome) => {
      if ("file" in outcome) return { path: outcome.item.path, file: outcome.file };
      if ("error" in outcome) return { path: outcome.item.path, error: errorJson(outcome.error) };
      return { path: outcome.item.path, error: { message: "not started: interrupted", code: "interrupted" } };
    });
    this.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
  }
}

function errorJson(error: unknown): Record<string, unknown> {
  const fields = (error ?? {}) as { code?: unknown; status?: unknown; hint?: unknown; requestId?: unknown };
  return {
    message: maskApiKeys(error instanceof Error ? error.message : String(error)),
    ...(typeof fields.code === "string" && { code: fields.code }),
    ...(typeof fields.status === "number" && { status: fields.status }),
    ...(typeof fields.hint === "string" && { hint: fields.hint }),
    ...(typeof fields.requestId === "string" && { requestId: fields.requestId }),
  };
}
