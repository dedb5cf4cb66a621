// The typed JSON client: openapi-fetch over the generated `paths`, with auth and User-Agent added
// by middleware and the retrying fetch underneath. `unwrap` turns an openapi-fetch result into data
// or a typed error.

import createClient, { type Client, type Middleware } from "openapi-fetch";
import type { paths } from "../generated/schema.js";
import { apiErrorFrom, DilnakaError } from "../errors.js";
import { retryAfterMs } from "../retry.js";
import { scrubDeep } from "../redact.js";
import type { DilnakaWarning, ResolvedConfig } from "../config.js";
import { warningOf } from "../types.js";
import { createRetryingFetch } from "./retrying-fetch.js";

export type RawClient = Client<paths>;

/** What every API step needs: the typed client, the key (to scrub it from errors), the warning sink. */
export interface ApiContext {
  raw: RawClient;
  apiKey: string;
  onWarning: (warning: DilnakaWarning) => void;
}

export function createApiClient(config: ResolvedConfig, userAgent: string | undefined): RawClient {
  const raw = createClient<paths>({
    baseUrl: config.baseURL,
    fetch: createRetryingFetch({ fetch: config.fetch, maxRetries: config.maxRetries, timeout: config.timeout }),
  });
  const auth: Middleware = {
    onRequest({ request }) {
      request.headers.set("Authorization", `Bearer ${config.apiKey}`);
      if (userAgent) request.headers.set("User-Agent", userAgent);
      return request;
    },
  };
  raw.use(auth);
  return raw;
}

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * Data of a successful answer (its warning, if any, reported to onWarning), else the typed
 * APIError (the API key scrubbed from its text).
 */
export async function unwrap<T>(call: Promise<FetchResult<T>>, ctx: ApiContext): Promise<T> {
  const { apiKey } = ctx;
  const { data, error, response } = await call.catch((cause: unknown) => {
    if (cause instanceof DilnakaError) throw cause;
    // A 2xx that is not JSON (an HTML page, a proxy's answer): not the Dilnaka API.
    throw new DilnakaError(`the answer could not be read as JSON (${(cause as Error).message})`, {
      code: "invalid_response",
      cause,
      hint: "Check DILNAKA_BASE_URL points at the Dilnaka API.",
    });
  });
  if (!response.ok) {
    const err = apiErrorFrom({
      status: response.status,
      body: scrubDeep(error, apiKey),
      requestId: response.headers.get("x-request-id") ?? undefined,
      retryAfter: retryAfterSeconds(response),
    });
    throw err;
  }
  if (data === undefined || data === null) {
    throw new DilnakaError(`${response.status} with an empty body where JSON was expected`, {
      status: response.status,
      code: "invalid_response",
      requestId: response.headers.get("x-request-id") ?? undefined,
      hint: "Check DILNAKA_BASE_URL points at the Dilnaka API.",
    });
  }
  const warning = warningOf(data);
  if (warning) ctx.onWarning(warning);
  return data;
}

function retryAfterSeconds(response: Response): number | undefined {
  const ms = retryAfterMs(response.headers);
  return ms === undefined ? undefined : ms / 1000;
}
