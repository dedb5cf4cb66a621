// The Node entry's JSON client: openapi-fetch over the generated `paths`, the retrying fetch
// underneath, and the SDK's headers (Authorization, User-Agent) added by middleware. `client.raw`
// in Node is this client, with all of openapi-fetch (middleware, every method, serializers).

import createClient, { type Client, type Middleware } from "openapi-fetch";
import type { paths } from "../generated/schema.js";

export type RawClient = Client<paths>;

export function createOpenapiClient(baseUrl: string, fetch: (request: Request) => Promise<Response>, headers: Record<string, string>): RawClient {
  // Never follow a redirect on an API call: the Authorization header must not reach another host.
  const raw = createClient<paths>({ baseUrl, fetch, redirect: "manual" });
  const sdkHeaders: Middleware = {
    onRequest({ request }) {
      for (const [name, value] of Object.entries(headers)) request.headers.set(name, value);
      return request;
    },
  };
  raw.use(sdkHeaders);
  return raw;
}
