// The browser entry: same client, PUT through the injected fetch with a Blob/bytes body.
import { describe, expect, it } from "vitest";
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
