// Helpers for the upload-route tests: a route on the shared dev server whose Dilnaka client logs
// every API call it makes (so a test sees what the dev server was asked), and one route step.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createUploadRoute, toNodeHandler, type HandleUploadOptions } from "../../src/server/index.js";
import { devServer } from "./dev-server.js";
import { specChecked } from "./upload-route-spec.js";

export const SECRET = "route-secret-of-the-tests-0123456789abcdef";

export function loggedClient(server: ReturnType<typeof devServer>) {
  const calls: string[] = [];
  const client = server.client({
    fetch: (input, init) => {
      const request = input instanceof Request ? input : new Request(input, init);
      calls.push(`${request.method} ${new URL(request.url).pathname}`);
      return fetch(input, init);
    },
  });
  return { client, calls };
}

export type RouteOptions = Omit<HandleUploadOptions, "client" | "tokenSecret"> & Partial<Pick<HandleUploadOptions, "tokenSecret">>;

export function routeOn(server: ReturnType<typeof devServer>, options: RouteOptions) {
  const { client, calls } = loggedClient(server);
  // Every exchange is checked against spec/upload-route.yaml; tests assert `violations` is empty.
  const { route, violations } = specChecked(createUploadRoute({ client, tokenSecret: SECRET, ...options }));
  /** One step through the route: its status and JSON body. */
  const step = async (body: object, init: RequestInit = {}) => {
    const response = await route(
      new Request("http://app.test/api/upload", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), ...init }),
    );
    return { status: response.status, headers: response.headers, body: (await response.json()) as any };
  };
  return { route, step, calls, client, violations };
}

/** The route behind Node's http on loopback (toNodeHandler), as an app would mount it. */
export async function serveRoute(route: (request: Request) => Promise<Response>): Promise<{ url: string; server: Server }> {
  const server = createServer(toNodeHandler(route));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/upload`, server };
}

/** PUT bytes to a presigned URL with exactly its headers; the storage status (and ETag). */
export async function putTo(put: { url: string; headers: Record<string, string> }, bytes: Uint8Array) {
  const response = await fetch(put.url, { method: "PUT", headers: put.headers, body: bytes as unknown as BodyInit });
  await response.arrayBuffer();
  return { status: response.status, etag: response.headers.get("etag") };
}
