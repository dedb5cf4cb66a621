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
  /** The fetch used for API calls (and for the browser PUT). Default: globalThis.fetch. */
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
  loadEnvFile: (envFile: string | false | undefined) => Record<string, string>;
}

const OPTION_NAMES = ["apiKey", "baseURL", "timeout", "maxRetries", "fetch", "envFile", "onWarning"];

/** Parses `.env` text: `KEY=value`, `export KEY=value`, quotes, `#` comments. No interpolation. */
export function parseDotEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m) continue;
    let value = m[2]!;
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.length >= 2 && value.endsWith(quote)) {
      value = value.slice(1, -1);
      if (quote === '"') value = value.replace(/\\n/g, "\n");
    } else {
      value = value.replace(/\s+#.*$/, "");
    }
    out[m[1]!] = value;
  }
  return out;
}

export function resolveConfig(options: DilnakaOptions, sources: ConfigSources): ResolvedConfig {
  if (typeof options !== "object" || options === null) {
    throw new ConfigError("new Dilnaka(options): options must be an object, e.g. new Dilnaka({ apiKey: 'dlk_dev_…' }).");
  }
  const unknown = Object.keys(options).filter((k) => !OPTION_NAMES.includes(k));
  if (unknown.length > 0) {
    throw new ConfigError(`new Dilnaka(): unknown option ${unknown.map((k) => `"${k}"`).join(", ")}. Known options: ${OPTION_NAMES.join(", ")}.`);
  }
  let fileVars: Record<string, string> | undefined;
  const lookup = (name: string): string | undefined => {
    const fromEnv = sources.env[name];
    if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
    fileVars ??= sources.loadEnvFile(options.envFile);
    const fromFile = fileVars[name];
    return fromFile === "" ? undefined : fromFile;
  };

  const apiKey = options.apiKey ?? lookup("DILNAKA_API_KEY");
  if (!apiKey) {
    throw new ConfigError(
      "Missing Dilnaka API key. Set DILNAKA_API_KEY in the environment or in .env, or pass new Dilnaka({ apiKey: 'dlk_dev_…' }).",
      { code: "missing_api_key", hint: "Create a key in the Dilnaka dashboard; dev keys start with dlk_dev_." },
    );
  }
  if (typeof apiKey !== "string" || !/^dlk_(dev|live)_\S+$/.test(apiKey)) {
    throw new ConfigError(
      `Invalid Dilnaka API key ${typeof apiKey === "string" ? redactApiKey(apiKey) : `(a ${typeof apiKey})`}: keys start with dlk_dev_ or dlk_live_.`,
      { code: "invalid_api_key", hint: "Copy the whole key from the Dilnaka dashboard into DILNAKA_API_KEY." },
    );
  }

  const baseURL = (options.baseURL ?? lookup("DILNAKA_BASE_URL") ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
  if (!/^https?:\/\/[^/\s]+/.test(baseURL)) {
    throw new ConfigError(`Invalid base URL "${baseURL}": use an http(s) URL such as ${DEFAULT_BASE_URL}.`, { code: "invalid_base_url" });
  }

  let timeout = options.timeout;
  if (timeout === undefined) {
    const raw = lookup("DILNAKA_TIMEOUT");
    if (raw !== undefined) {
      const seconds = Number(raw);
      if (!Number.isFinite(seconds) || seconds <= 0) {
        throw new ConfigError(`DILNAKA_TIMEOUT must be a positive number of seconds, got "${raw}".`, { code: "invalid_timeout" });
      }
      timeout = seconds * 1000;
    }
  } else if (typeof timeout !== "number" || !Number.isFinite(timeout) || timeout <= 0) {
    throw new ConfigError(`timeout must be a positive number of milliseconds, got ${String(timeout)}.`, { code: "invalid_timeout" });
  }

  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  if (!Number.isInteger(maxRetries) || maxRetries < 0) {
    throw new ConfigError(`maxRetries must be an integer ≥ 0, got ${String(maxRetries)}.`, { code: "invalid_max_retries" });
  }

  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== "function") {
    throw new ConfigError("No fetch available: pass new Dilnaka({ fetch }) on runtimes without a global fetch.", { code: "missing_fetch" });
  }
  if (options.onWarning !== undefined && typeof options.onWarning !== "function") {
    throw new ConfigError("onWarning must be a function (warning) => void.", { code: "invalid_on_warning" });
  }

  return {
    apiKey,
    baseURL,
    timeout: timeout ?? DEFAULT_TIMEOUT_MS,
    maxRetries,
    fetch: fetchImpl,
    onWarning: options.onWarning ?? (() => {}),
  };
}
