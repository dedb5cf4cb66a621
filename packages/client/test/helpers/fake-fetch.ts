// An injected fetch that records every request and answers from a queue: the transport seam for
// unit tests (no mocks of our own code).

export interface Recorded {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

export type Answer = Response | Error | ((request: Request) => Response | Promise<Response>);

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

export function fakeFetch(answers: Answer[]) {
  const calls: Recorded[] = [];
  const callTimes: number[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    // As fetch does: init (the SDK passes each attempt's signal there) overrides the Request's.
    const request = init ? new Request(input, init) : input instanceof Request ? input : new Request(input);
    calls.push({
      method: request.method,
      url: request.url,
      headers: Object.fromEntries(request.headers.entries()),
      body: await request.clone().text(),
    });
    callTimes.push(Date.now());
    const answer = answers.shift();
    if (answer === undefined) throw new Error(`fakeFetch: unexpected request ${request.method} ${request.url}`);
    if (answer instanceof Error) throw answer;
    return typeof answer === "function" ? answer(request) : answer;
  };
  return { fetch: fetch as typeof globalThis.fetch, calls, callTimes, pending: answers };
}

export const KEY = "dlk_dev_0123456789abcdefWXYZ";
export const BASE = "http://api.test";

export const wireFile = (id = "clx_file_id", extra: Record<string, unknown> = {}) => ({
  fileId: id,
  status: "uploaded",
  key: `uploads/2026/05/${id}-test.txt`,
  originalName: "test.txt",
  contentType: "text/plain",
  size: 94,
  publicUrl: null,
  ...extra,
});
