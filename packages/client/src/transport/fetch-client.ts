// The browser entry's JSON client: the part of openapi-fetch that spec/openapi.yaml needs (GET,
// POST and DELETE; `simple` path parameters; primitive `form` query parameters; JSON bodies), with
// openapi-fetch's call signature and `{ data, error, response }` results, typed by the same
// generated `paths`.
//
// Why not openapi-fetch itself in browsers: it weighs 2.3 kB min+gz, which put the browser entry at
// 9.7 kB against its 8 kB budget (README: "Bundle size"). The Node entry keeps openapi-fetch
// (`client.raw` there is the full openapi-fetch client); test/unit/fetch-client.test.ts sends every
// operation and every answer shape through both and requires identical requests and results.

import type { ApiCaller } from "./api.js";

const encode = (value: unknown) => encodeURIComponent(value as string);

interface CallInit extends Omit<RequestInit, "body" | "method"> {
  params?: { path?: Record<string, unknown>; query?: Record<string, unknown> };
  body?: unknown;
}

/** `headers` (Authorization) are set on every request, over any the caller passes, as the Node middleware does. */
export function createFetchClient(baseUrl: string, fetch: (request: Request) => Promise<Response>, headers: Record<string, string>): ApiCaller {
  const call =
    (method: string) =>
    async (path: string, { params = {}, body, headers: callHeaders, ...init }: CallInit = {}) => {
      const query = Object.entries(params.query ?? {})
        .filter(([, value]) => value != null)
        .map(([name, value]) => `${name}=${encode(value)}`)
        .join("&");
      const url = (baseUrl + path).replace(/\{([^{}]+)\}/g, (match, name: string) => (params.path?.[name] == null ? match : encode(params.path[name])));
      const finalHeaders = new Headers(body === undefined ? {} : { "Content-Type": "application/json" });
      new Headers(callHeaders).forEach((value, name) => finalHeaders.set(name, value));
      for (const name in headers) finalHeaders.set(name, headers[name]!);
      const request = new Request(query ? `${url}?${query}` : url, {
        redirect: "manual", // never follow: the Authorization header must not reach another host
        ...init,
        method,
        headers: finalHeaders,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const response = await fetch(request);
      // openapi-fetch's reading rules: no content → no data; a failure's text is JSON when it parses.
      const length = response.headers.get("Content-Length");
      if (response.status === 204 || (length === "0" && !response.headers.get("Transfer-Encoding")?.includes("chunked"))) {
        return response.ok ? { data: undefined, response } : { error: undefined, response };
      }
      const text = await response.text();
      if (response.ok) return { data: text ? JSON.parse(text) : undefined, response };
      try {
        return { error: JSON.parse(text), response };
      } catch {
        return { error: text, response };
      }
    };
  return { GET: call("GET"), POST: call("POST"), DELETE: call("DELETE") } as ApiCaller;
}
