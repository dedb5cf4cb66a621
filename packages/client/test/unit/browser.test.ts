// The browser entry: same client, PUT through the injected fetch with a Blob/bytes body.
import { afterEach, describe, expect, it } from "vitest";
import { Dilnaka, StorageError, ValidationError, type UploadProgress } from "../../src/browser.js";
import { BASE, KEY, fakeFetch, json, wireFile } from "../helpers/fake-fetch.js";

const presigned = { fileId: "f_1", fileKey: "k", uploadUrl: "https://bucket.test/k?X-Amz-Signature=s", expiresIn: 300, method: "PUT", headers: { "Content-Type": "image/png" } };

describe("browser entry", () => {
  it("uploads a File: presign, PUT with exactly the presign headers and no Authorization, complete", async () => {
    const f = fakeFetch([json(200, presigned), new Response(null, { status: 200 }), json(200, wireFile("f_1"))]);
    const c = new Dilnaka({ apiKey: KEY, baseURL: BASE, fetch: f.fetch });
    const events: UploadProgress[] = [];
    const file = await c.upload(new File(["hello png"], "a.png", { type: "image/png" }), { onProgress: (p) => events.push(p) });
    expect(file.id).toBe("f_1");
    expect(f.calls.map((r) => `${r.method} ${r.url}`)).toEqual([
      `POST ${BASE}/v1/uploads/presign`,
      `PUT ${presigned.uploadUrl}`,
      `POST ${BASE}/v1/uploads/complete`,
    ]);
    expect(f.calls[1]!.headers).toEqual({ "content-type": "image/png" });
    expect(f.calls[1]!.body).toBe("hello png");
    expect(f.calls[0]!.headers["user-agent"]).toBeUndefined();
    expect(events.at(-1)).toEqual({ loaded: 9, total: 9, percentage: 100 });
  });

  it("a web ReadableStream without size is collected once so its size is known", async () => {
    const f = fakeFetch([json(200, presigned), new Response(null, { status: 204 }), json(200, wireFile("f_1"))]);
    const c = new Dilnaka({ apiKey: KEY, baseURL: BASE, fetch: f.fetch });
    await c.upload(new Blob(["abc"]).stream(), { filename: "s.bin" });
    expect(JSON.parse(f.calls[0]!.body)).toMatchObject({ size: 3, contentType: "application/octet-stream" });
    expect(f.calls[1]!.body).toBe("abc");
  });

  it("an expired URL → StorageError with the fix; a path is not a browser source", async () => {
    const expired = "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>";
    const f = fakeFetch([json(200, presigned), new Response(expired, { status: 403 })]);
    const c = new Dilnaka({ apiKey: KEY, baseURL: BASE, fetch: f.fetch });
    const error = (await c.upload(new Uint8Array([1]), { filename: "x" }).catch((e: unknown) => e)) as StorageError;
    expect(error).toBeInstanceOf(StorageError);
    expect(error.hint).toMatch(/expired/);
    await expect(c.upload("/etc/passwd" as never)).rejects.toBeInstanceOf(ValidationError);
  });
});

/** A stand-in for the browser's XMLHttpRequest (the transport seam of the browser PUT with progress). */
class FakeXHR {
  static sent: FakeXHR[] = [];
  static answer = { status: 200, body: "" };
  method = "";
  url = "";
  headers: Record<string, string> = {};
  timeout = 0;
  status = 0;
  responseText = "";
  body: unknown;
  upload: { onprogress?: (e: { loaded: number }) => void } = {};
  onload?: () => void;
  onerror?: () => void;
  ontimeout?: () => void;
  onabort?: () => void;
  open(method: string, url: string) { this.method = method; this.url = url; }
  setRequestHeader(name: string, value: string) { this.headers[name] = value; }
  getResponseHeader() { return null; }
  abort() { this.onabort?.(); }
  send(body: Blob) {
    this.body = body;
    FakeXHR.sent.push(this);
    setTimeout(() => {
      for (const loaded of [body.size / 2, body.size]) this.upload.onprogress?.({ loaded });
      this.status = FakeXHR.answer.status;
      this.responseText = FakeXHR.answer.body;
      this.onload?.();
    }, 1);
  }
}

describe("browser PUT with onProgress goes through XMLHttpRequest", () => {
  afterEach(() => {
    delete (globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest;
    FakeXHR.sent = [];
    FakeXHR.answer = { status: 200, body: "" };
  });

  it("sends exactly the presign headers and forwards upload progress", async () => {
    (globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest = FakeXHR;
    const f = fakeFetch([json(200, presigned), json(200, wireFile("f_1"))]);
    const c = new Dilnaka({ apiKey: KEY, baseURL: BASE, fetch: f.fetch });
    const events: UploadProgress[] = [];
    const blob = new Blob([new Uint8Array(200_000)], { type: "image/png" });
    await c.upload(blob, { filename: "a.png", onProgress: (p) => events.push(p) });
    expect(FakeXHR.sent).toHaveLength(1);
    expect(FakeXHR.sent[0]).toMatchObject({ method: "PUT", url: presigned.uploadUrl, headers: { "Content-Type": "image/png" } });
    expect(FakeXHR.sent[0]!.body).toBe(blob);
    expect(events.map((e) => e.loaded)).toEqual([100_000, 200_000]);
    expect(f.calls.map((r) => r.url)).toEqual([`${BASE}/v1/uploads/presign`, `${BASE}/v1/uploads/complete`]);
  });

  it("a 403 answer becomes a StorageError", async () => {
    (globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest = FakeXHR;
    FakeXHR.answer = { status: 403, body: "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>" };
    const f = fakeFetch([json(200, presigned)]);
    const c = new Dilnaka({ apiKey: KEY, baseURL: BASE, fetch: f.fetch });
    const error = await c.upload(new Blob(["x"]), { filename: "x", onProgress: () => {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).code).toBe("AccessDenied");
  });

  it("calls fetch unbound, as browsers require (their fetch throws Illegal invocation as a method)", async () => {
    const f = fakeFetch([json(200, presigned), new Response(null, { status: 200 }), json(200, wireFile("f_1"))]);
    // Like window.fetch: refuses any `this` but undefined or the global object.
    const strictFetch = function (this: unknown, input: RequestInfo | URL, init?: RequestInit) {
      if (this !== undefined && this !== globalThis) throw new TypeError("Failed to execute 'fetch' on 'Window': Illegal invocation");
      return f.fetch(input, init);
    };
    const c = new Dilnaka({ apiKey: KEY, baseURL: BASE, fetch: strictFetch as typeof fetch });
    await expect(c.upload(new Uint8Array([1, 2]), { filename: "x.bin" })).resolves.toMatchObject({ id: "f_1" });
    expect(f.calls.map((r) => r.method)).toEqual(["POST", "PUT", "POST"]);
  });
});
