import { AbortError, ConfigError, DilnakaError, ValidationError } from "@dilnaka/client";
import { CommanderError } from "commander";
import { ExitCode } from "./exit-codes.js";
import { maskApiKeys } from "./redact.js";

/** A mistake in the command line or its input that the CLI itself finds (exit 2). */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = "UsageError";
  }
}

// The client's config messages speak to code (`new Dilnaka({ apiKey })`); on the terminal the fix is a
// flag or a variable, so these codes get the CLI's own wording.
const CLI_CONFIG_HINTS: Record<string, string> = {
  missing_api_key: "Set DILNAKA_API_KEY (in the environment or a .env file) or pass --api-key; `dilnaka dev` prints a local one.",
  invalid_api_key: "Keys start with dlk_dev_ or dlk_live_: copy the whole key into DILNAKA_API_KEY or --api-key.",
  invalid_base_url: "Pass --base-url http(s)://host[:port] or fix DILNAKA_BASE_URL.",
};

// The SDK's hints name its options (`apiKey`, `baseURL`, `timeout` in ms); on the terminal the same
// fix is a flag or a variable.
const CLI_WORDS: [RegExp, string][] = [
  [/the apiKey option/g, "--api-key"],
  [/\bbaseURL \(DILNAKA_BASE_URL\)|\bbaseURL\b/g, "--base-url (DILNAKA_BASE_URL)"],
  [/the timeout option \(ms\) or DILNAKA_TIMEOUT \(s\)/g, "DILNAKA_TIMEOUT (seconds)"],
];

function forTheTerminal(hint: string | undefined): string | undefined {
  return hint && CLI_WORDS.reduce((text, [words, flag]) => text.replace(words, flag), hint);
}

export interface DescribedError {
  /** One line, without a trailing newline, with the hint when there is one. Never holds an API key. */
  line: string;
  exitCode: ExitCode;
}

/** Turns anything thrown into the one line printed for it and the exit code it means. */
export function describeError(error: unknown): DescribedError {
  if (error instanceof AbortError) {
    return { line: "interrupted", exitCode: ExitCode.interrupted };
  }
  if (error instanceof UsageError) {
    return { line: withHint(error.message, error.hint), exitCode: ExitCode.usage };
  }
  // The SDK's message rule (spec/scenarios/README.md, "Error messages"): what failed and why (its
  // `detail`), the request id, then the hint, here in the CLI's words.
  if (error instanceof ConfigError) {
    const hint = (error.code && CLI_CONFIG_HINTS[error.code]) ?? forTheTerminal(error.hint);
    const message = error.code === "missing_api_key" ? "Missing Dilnaka API key." : detailOf(error);
    return { line: withHint(message, hint), exitCode: ExitCode.usage };
  }
  if (error instanceof ValidationError) {
    return { line: withHint(detailOf(error), forTheTerminal(error.hint)), exitCode: ExitCode.usage };
  }
  if (error instanceof DilnakaError) {
    const detail = detailOf(error);
    const message = error.requestId ? `${detail.trim().replace(/\.$/, "")} (request id ${error.requestId})` : detail;
    return { line: withHint(message, forTheTerminal(error.hint)), exitCode: ExitCode.apiError };
  }
  if (error instanceof CommanderError) {
    return { line: error.message, exitCode: ExitCode.usage };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { line: message, exitCode: ExitCode.apiError };
}

/** What failed and why, without the SDK's own request id and hint (added again here, in the CLI's words). */
function detailOf(error: DilnakaError): string {
  return (error as { detail?: string }).detail ?? error.message;
}

function withHint(message: string, hint: string | undefined): string {
  const text = message.trim().replace(/\s*\n\s*/g, " ");
  const line = hint ? `${text.replace(/\.?$/, ".")} Hint: ${hint}` : text;
  return maskApiKeys(line);
}

/** `DEBUG=dilnaka` (or `DEBUG=*`, or a list containing either) adds stack traces to error output. */
export function debugEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.DEBUG ?? "").split(/[\s,]+/).some((name) => name === "dilnaka" || name === "*" || name === "dilnaka:*");
}

/** Prints `error: <line>` to stderr (plus the stack under DEBUG=dilnaka) and returns the exit code. */
export function reportError(error: unknown, stderr: NodeJS.WritableStream = process.stderr): ExitCode {
  const { line, exitCode } = describeError(error);
  stderr.write(`error: ${line}\n`);
  if (debugEnabled() && error instanceof Error && error.stack) {
    stderr.write(`${maskApiKeys(error.stack)}\n`);
    if (error.cause instanceof Error && error.cause.stack) stderr.write(`caused by: ${maskApiKeys(error.cause.stack)}\n`);
  }
  return exitCode;
}
