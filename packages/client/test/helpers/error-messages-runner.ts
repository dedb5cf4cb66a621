// The runner of spec/scenarios/error-messages.json: one message rule for every error (what failed,
// why, the request id, then the hint), checked on the SDK's real client with only fetch injected.

import { expect } from "vitest";
import type { Dilnaka as NodeDilnaka, DilnakaError } from "../../src/index.js";
import type { Dilnaka as BrowserDilnaka } from "../../src/browser.js";
import { BASE, KEY, fakeFetch, json, type Answer } from "./fake-fetch.js";

type Entry = typeof NodeDilnaka | typeof BrowserDilnaka;

/** One answer as this platform's fetch gives it; `connection: refused` is Node's fetch failing to connect. */
function answerOf(given: any): () => Answer {
  if (given.connection === "refused") {
    // What undici throws: "fetch failed", the system error two causes down.
    return () =>
      new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED", syscall: "connect" }) });
  }
  const headers = given.headers ?? {};
  return () => (given.bodyText !== undefined ? new Response(given.bodyText, { status: given.status, headers }) : json(given.status, given.body, headers));
}

async function errorOf(Dilnaka: Entry, given: any): Promise<{ error: DilnakaError; requests: number }> {
  if (given.config) {
    try {
      new Dilnaka({ envFile: false, ...given.config });
    } catch (error) {
      return { error: error as DilnakaError, requests: 0 };
    }
    expect.unreachable("expected a ConfigError");
  }
  const make = given.answer ? answerOf(given.answer) : () => new Response("unexpected", { status: 500 });
  const f = fakeFetch(Array.from({ length: 10 }, make));
  const c = new Dilnaka({ apiKey: KEY, baseURL: BASE, fetch: f.fetch, envFile: false, maxRetries: given.maxRetries ?? 0 });
  const call: Promise<unknown> =
    given.call === "getFile" ? c.getFile(given.fileId)
    : given.call === "deleteFile" ? c.deleteFile(given.fileId)
    : given.call === "getFileAccessUrl" ? c.getFileAccessUrl(given.fileId, { expiresIn: given.expiresIn })
    : given.call === "createPresignedUpload" ? c.createPresignedUpload(given.input)
    : Promise.reject(new Error(`unknown call ${given.call}`));
  const error = await call.then(() => expect.unreachable("expected an error"), (e: DilnakaError) => e);
  return { error, requests: f.calls.length };
}

export function errorMessagesRunner(entry: () => Entry) {
  return async (given: any, want: any) => {
    const { error, requests } = await errorOf(entry(), given);
    expect(error.constructor.name, error.message).toBe(want.class.typescript);
    expect(error.code).toBe(want.code);
    expect(error.hint, "a non-empty hint").toMatch(/\S/);
    // The rule: … then ". Hint: " and the hint, last.
    expect(error.message.endsWith(`. Hint: ${error.hint}`), error.message).toBe(true);
    if ("requestId" in want) expect(error.requestId ?? null).toBe(want.requestId);
    if (want.requests !== undefined) expect(requests).toBe(want.requests);
    if (want.messageStartsWith) expect(error.message.startsWith(want.messageStartsWith), error.message).toBe(true);
    for (const text of want.messageContains ?? []) expect(error.message).toContain(text);
    for (const text of want.messageContainsAnyCase ?? []) expect(error.message.toLowerCase()).toContain(text.toLowerCase());
    for (const text of want.messageLacks ?? []) expect(error.message).not.toContain(text);
    for (const text of want.hintContains ?? []) expect(error.hint).toContain(text);
    for (const text of want.hintLacks ?? []) expect(error.hint).not.toContain(text);
    if (want.field) {
      expect((error as { field?: string }).field).toBe(want.field);
      expect(error.message).toContain(want.field);
    }
  };
}
