// What every API step shares: the typed JSON client (openapi-fetch in Node, its browser subset in
// fetch-client.ts), and `unwrap`, which turns a `{ data, error, response }` result into data or a
// typed error.

import { apiErrorFrom, DilnakaError, type DilnakaErrorInit } from "../errors.js";
import { scrubDeep } from "../redact.js";
import type { DilnakaWarning } from "../config.js";
import { warningOf } from "../types.js";
import type { Client } from "openapi-fetch";
import type { paths } from "../generated/schema.js";

/** The calls the SDK makes, with openapi-fetch's types: what both JSON clients provide. */
export type ApiCaller = Pick<Client<paths>, "GET" | "POST" | "DELETE">;

/** What every API step needs: the typed client, the key (to scrub it from errors), the warning sink. */
export interface ApiContext {
  raw: ApiCaller;
  apiKey: string;
  onWarning: (warning: DilnakaWarning) => void;
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
  const invalid = (message: string, init: DilnakaErrorInit) =>
    new DilnakaError(message, { code: "invalid_response", hint: "Check DILNAKA_BASE_URL points at the Dilnaka API.", ...init });
  const { data, error, response } = await call.catch((cause: unknown) => {
    // A 2xx that is not JSON (an HTML page, a proxy's answer): not the Dilnaka API.
    throw cause instanceof DilnakaError ? cause : invalid(`the answer could not be read as JSON (${(cause as Error).message})`, { cause });
  });
  if (!response.ok) throw apiErrorFrom(response, scrubDeep(error, ctx.apiKey));
  if (data == null) {
    throw invalid(`${response.status} with an empty body where JSON was expected`, {
      status: response.status,
      requestId: response.headers.get("x-request-id") ?? undefined,
    });
  }
  const warning = warningOf(data);
  if (warning) ctx.onWarning(warning);
  return data;
}
