// The browser / edge GET of a download: fetch, its body read chunk by chunk. The timeout counts
// idle time (each chunk restarts it), as in Node. No node:* imports here.

import { transportError } from "../retry.js";
import type { GetRequest, GetResponse } from "../platform.js";

export async function browserGet(req: GetRequest): Promise<GetResponse> {
  const what = `storage GET ${new URL(req.url).host}`;
  const attempt = new AbortController();
  let timedOut = false;
  let idle: ReturnType<typeof setTimeout> | undefined;
  const stillMoving = () => {
    clearTimeout(idle);
    idle = setTimeout(() => {
      timedOut = true;
      attempt.abort();
    }, req.timeout);
  };
  const onAbort = () => attempt.abort();
  const done = () => {
    clearTimeout(idle);
    req.signal?.removeEventListener("abort", onAbort);
  };
  const typed = (error: unknown) =>
    transportError(req.signal, error, timedOut && req.timeout, what, "Check the network and the storage host's CORS rules (allow GET and Range from this origin).");
  if (req.signal?.aborted) onAbort();
  req.signal?.addEventListener("abort", onAbort, { once: true });
  stillMoving();
  let response: Response;
  try {
    response = await req.fetch(req.url, { headers: req.headers, signal: attempt.signal });
  } catch (error) {
    done();
    throw typed(error);
  }
  async function* chunks() {
    const reader = response.body!.getReader();
    try {
      for (;;) {
        stillMoving();
        const { done: end, value } = await reader.read();
        if (end) return;
        yield value;
      }
    } catch (error) {
      throw typed(error);
    } finally {
      done();
      reader.cancel().catch(() => {});
    }
  }
  async function* none() {}
  if (!response.body) done();
  return { status: response.status, headers: response.headers, body: response.body ? chunks() : none() };
}
