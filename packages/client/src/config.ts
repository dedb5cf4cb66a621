// Resolves the client's settings. Precedence, per setting: explicit option > process environment >
// `.env` file > default. The `.env` file is parsed here into a plain object: the user's
// process.env is never modified. Nothing is read at import time, only when a client is constructed.

import { ConfigError } from "./errors.js";
import { redactApiKey } from "./redact.js";

export const DEFAULT_BASE_URL = "https://dilnaka.storage.tsnc.tech";
export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_RETRIES = 2;

export interface DilnakaWarning {
  /** e.g. `bandwidth_overage_active`: the request worked, and overage is now billed. */
  code: string;
  message: string;
  fileId?: string;
}

export interface DilnakaOptions {
  /** `dlk_dev_…` or `dlk_live_…`. Default: `DILNAKA_API_KEY` from the environment or `.env`. */
  apiKey?: string;
  /** Default: `DILNAKA_BASE_URL`, else https://dilnaka.storage.tsnc.tech. */
  baseURL?: string;
  /** Milliseconds (like every fetch-based SDK). Default: `DILNAKA_TIMEOUT` (seconds) × 1000, else 60 000. */
  timeout?: number;
  /** Retries per step on connection errors, 408, 429 and 5xx. Default 2. */
  maxRetries?: number;
  /** The fetch used for API calls (and for the PUT in runtimes without XMLHttpRequest: workers, edge). Default: globalThis.fetch. */
  fetch?: typeof fetch;
  /** Node only: path of the `.env` file to read; `false` to read none. Default `.env` in the working directory. */
  envFile?: string | false;
  /** Called with every success-with-warning answer (e.g. `bandwidth_overage_active`). */
  onWarning?: (warning: DilnakaWarning) => void;
}

export interface ResolvedConfig {
  apiKey: string;
  baseURL: string;
  timeout: number;
  maxRetries: number;
  fetch: typeof fetch;
  onWarning: (warning: DilnakaWarning) => void;
}

/** Where settings come from besides explicit options; the platform entry supplies them. */
export interface ConfigSources {
  env: Record<string, string | undefined>;
  /** Reads and parses the `.env` file; called only when some setting is still missing. */
  loadEnvFile: (envFile: string | false | undefined) => EnvFileValues;
}

/** A parsed `.env` file; `unreadable` is the path of a named file that was missing or unreadable. */
export interface EnvFileValues {
  values: Record<string, string>;
  unreadable?: string;
}

const OPTION_NAMES = ["apiKey", "baseURL", "timeout", "maxRetries", "fetch", "envFile", "onWarning"];

/**
 * Parses `.env` text by the rules all three SDKs share (spec/scenarios/dotenv.json): `export `,
 * `KEY=value`, `#` comments, single quotes literal, double quotes with backslash escapes (n r t " and the
 * backslash itself). No interpolation; the last assignment wins.
 */
export function parseDotEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.replace(/^\uFEFF/, "").split("\n")) {
    const m = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*=[ \t]*(.*)$/.exec(line.replace(/\r$/, ""));
    if (m) out[m[1]!] = dotEnvValue(m[2]!);
  }
  return out;
}

const ESCAPES: Record<string, string> = { n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" };

function dotEnvValue(raw: string): string {
  if (raw.startsWith("'")) {
    const end = raw.indexOf("'", 1);
    return end === -1 ? raw.slice(1).trimEnd() : raw.slice(1, end);
  }
  if (raw.startsWith('"')) {
    let value = "";
    for (let i = 1; i < raw.length; i++) {
      const c = raw[i]!;
      if (c === '"') return value;
      if (c === "\\" && i + 1 < raw.length) {
        const next = raw[++i]!;
        value += ESCAPES[next] ?? `\\${next}`;
      } else value += c;
    }
    return value.trimEnd(); // unterminated: the rest of the line
  }
  const comment = /(^|[ \t])#/.exec(raw);
  return (comment ? raw.slice(0, comment.index) : raw).trim();
}

export function resolveConfig(options: DilnakaOptions, sources: ConfigSources): ResolvedConfig {
  const fail = (message: string, code?: string, hint?: string) => new ConfigError(message, { code, hint });
  if (typeof options !== "object" || options === null) {
    throw fail("new Dilnaka(options): options must be an object", "config_error", "Pass an object, e.g. new Dilnaka({ apiKey: 'dlk_dev_…' }), or nothing to read DILNAKA_API_KEY.");
  }
  const unknown = Object.keys(options).filter((k) => !OPTION_NAMES.includes(k));
  if (unknown.length > 0) {
    throw fail(
      `new Dilnaka(): unknown option ${unknown.map((k) => `"${k}"`).join(", ")}`,
      "unknown_option",
      `Check the spelling; new Dilnaka() knows: ${OPTION_NAMES.join(", ")}.`,
    );
  }
  let envFile: EnvFileValues | undefined;
  // The environment first; the .env file is read only when a setting is still missing. Empty = unset.
  const lookup = (name: string): string | undefined =>
    sources.env[name] || (envFile ??= sources.loadEnvFile(options.envFile)).values[name] || undefined;

  const apiKey = options.apiKey ?? lookup("DILNAKA_API_KEY");
  if (!apiKey) {
    const notFound = envFile?.unreadable ? ` (the envFile ${envFile.unreadable} is missing or not a readable file)` : "";
    throw fail(
      `Missing Dilnaka API key${notFound}: set DILNAKA_API_KEY (environment or .env) or pass new Dilnaka({ apiKey }).`,
      "missing_api_key",
      "Create a key in the Dilnaka dashboard (dev keys start with dlk_dev_).",
    );
  }
  if (!/^dlk_(dev|live)_\S+$/.test(apiKey)) {
    throw fail(
      `Invalid Dilnaka API key ${typeof apiKey === "string" ? redactApiKey(apiKey) : `(a ${typeof apiKey})`}: keys start with dlk_dev_ or dlk_live_.`,
      "invalid_api_key",
      "Copy the whole key from the Dilnaka dashboard.",
    );
  }

  const baseURL = (options.baseURL ?? lookup("DILNAKA_BASE_URL") ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
  if (!/^https?:\/\/[^/\s]+/.test(baseURL)) {
    throw fail(`Invalid base URL "${baseURL}": not an http(s) URL`, "invalid_base_url", `Set baseURL (or DILNAKA_BASE_URL) to an http(s) URL such as ${DEFAULT_BASE_URL}, or leave it out.`);
  }

  const envTimeout = options.timeout === undefined ? lookup("DILNAKA_TIMEOUT") : undefined;
  const timeout = envTimeout === undefined ? (options.timeout ?? DEFAULT_TIMEOUT_MS) : Number(envTimeout) * 1000;
  if (!(typeof timeout === "number" && timeout > 0 && timeout < Infinity)) {
    throw fail(
      envTimeout === undefined
        ? `timeout must be a positive number of milliseconds, got ${String(options.timeout)}.`
        : `DILNAKA_TIMEOUT must be a positive number of seconds, got "${envTimeout}".`,
      "invalid_timeout",
      "Pass timeout in milliseconds (e.g. 60000), or set DILNAKA_TIMEOUT in seconds (e.g. 60).",
    );
  }

  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  if (!(Number.isInteger(maxRetries) && maxRetries >= 0)) {
    throw fail(`maxRetries must be an integer ≥ 0, got ${String(maxRetries)}.`, "invalid_max_retries", "Pass maxRetries as 0 (no retries) or more; the default is 2.");
  }

  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== "function") {
    throw fail("No global fetch here: pass new Dilnaka({ fetch }).", "missing_fetch", "Use Node 18+ or a runtime with fetch, or pass a fetch implementation.");
  }
  // Called unbound: browsers' fetch throws "Illegal invocation" when called as a method of our config.
  const unboundFetch: typeof fetch = (input, init) => fetchImpl(input, init);
  const { onWarning = () => {} } = options;
  if (typeof onWarning !== "function") throw fail("onWarning must be a function (warning) => void.", "invalid_on_warning", "Pass onWarning as a function, or leave it out.");

  return { apiKey, baseURL, timeout, maxRetries, fetch: unboundFetch, onWarning };
}
