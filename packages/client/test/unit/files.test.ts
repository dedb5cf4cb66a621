import { describe, expect, it, vi } from "vitest";
import { inspect } from "node:util";
import { Dilnaka, ValidationError } from "../../src/index.js";
import { BASE, KEY, fakeFetch, json, wireFile } from "../helpers/fake-fetch.js";

function client(answers: Parameters<typeof fakeFetch>[0], extra: Record<string, unknown> = {}) {
  const f = fakeFetch(answers);
  const c = new Dilnaka({ apiKey: KEY, baseURL: BASE, fetch: f.fetch, envFile: false, ...extra });
  return { c, ...f };
}

describe("files operations send exactly the documented requests", () => {
  it("getFile: GET /v1/files/{id} with auth and User-Agent, no body, maps the file", async () => {
    const { c, calls } = client([json(200, wireFile("f_1", { metadata: { a: "b" } }))]);
    const file = await c.getFile("f_1");
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ method: "GET", url: `${BASE}/v1/files/f_1`, body: "" });
    expect(calls[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(calls[0]!.headers["user-agent"]).toMatch(/^dilnaka-typescript\/\d+\.\d+\.\d+ node\/20\./);
    expect(calls[0]!.headers["content-type"]).toBeUndefined();
    expect(file).toEqual({
      id: "f_1",
      key: "uploads/2026/05/f_1-test.txt",
      status: "uploaded",
      size: 94,
      contentType: "text/plain",
      originalName: "test.txt",
      publicUrl: null,
      metadata: { a: "b" },
    });
  });

  it("deleteFile: DELETE /v1/files/{id} returns the typed body", async () => {
    const { c, calls } = client([json(200, { success: true, fileId: "f_1", deleted: true })]);
    expect(await c.deleteFile("f_1")).toEqual({ success: true, fileId: "f_1", deleted: true });
    expect(calls[0]).toMatchObject({ method: "DELETE", url: `${BASE}/v1/files/f_1` });
  });

  it("createPresignedUpload: POST the JSON body with folder defaulting to uploads", async () => {
    const presigned = { fileId: "f_1", fileKey: "uploads/x", uploadUrl: "http://s3.test/x?sig=1", expiresIn: 300, method: "PUT", headers: { "Content-Type": "text/plain" } };
    const { c, calls } = client([json(200, presigned)]);
    expect(await c.createPresignedUpload({ filename: "a.txt", contentType: "text/plain", size: 3 })).toEqual(presigned);
    expect(calls[0]).toMatchObject({ method: "POST", url: `${BASE}/v1/uploads/presign` });
    expect(calls[0]!.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(calls[0]!.body)).toEqual({ filename: "a.txt", contentType: "text/plain", size: 3, folder: "uploads" });
  });

  it("completeUpload: POST {fileId}", async () => {
    const { c, calls } = client([json(200, wireFile("f_9"))]);
    expect((await c.completeUpload("f_9")).id).toBe("f_9");
    expect(calls[0]).toMatchObject({ method: "POST", url: `${BASE}/v1/uploads/complete`, body: '{"fileId":"f_9"}' });
  });

  it("listFiles follows nextCursor with the same limit and stops when it is absent", async () => {
    const { c, calls } = client([
      json(200, { files: [wireFile("a"), wireFile("b")], nextCursor: "c2" }),
      json(200, { files: [wireFile("c")], nextCursor: null }),
    ]);
    const ids: string[] = [];
    for await (const f of c.listFiles({ limit: 2 })) ids.push(f.id);
    expect(ids).toEqual(["a", "b", "c"]);
    expect(calls.map((r) => r.url)).toEqual([`${BASE}/v1/files?limit=2`, `${BASE}/v1/files?limit=2&cursor=c2`]);
  });

  it("listFiles accepts the bare-array answer of older backends", async () => {
    const { c } = client([json(200, [wireFile("a"), wireFile("b")])]);
    const ids: string[] = [];
    for await (const f of c.listFiles()) ids.push(f.id);
    expect(ids).toEqual(["a", "b"]);
  });

  it("listFilesPage returns one page and its cursor", async () => {
    const { c, calls } = client([json(200, { files: [wireFile("a")], nextCursor: "n1" })]);
    const page = await c.listFilesPage({ limit: 1, cursor: "n0" });
    expect(page.nextCursor).toBe("n1");
    expect(calls[0]!.url).toBe(`${BASE}/v1/files?limit=1&cursor=n0`);
  });

  it("getFileAccessUrl sends expiresIn and keeps the backend's isTemporary", async () => {
    const { c, calls } = client([json(200, { fileId: "f", url: "http://s/x", expiresIn: 600, isTemporary: false })]);
    expect(await c.getFileAccessUrl("f", { expiresIn: 600 })).toEqual({ fileId: "f", url: "http://s/x", expiresIn: 600, isTemporary: false });
    expect(calls[0]!.url).toBe(`${BASE}/v1/files/f/access-url?expiresIn=600`);
  });

  it("getFileAccessUrl without isTemporary: temporary exactly when expiresIn is present", async () => {
    const { c } = client([
      json(200, { fileId: "f", url: "http://s/x", expiresIn: 60 }),
      json(200, { fileId: "f", url: "http://s/x" }),
    ]);
    expect((await c.getFileAccessUrl("f")).isTemporary).toBe(true);
    const permanent = await c.getFileAccessUrl("f");
    expect(permanent).toMatchObject({ isTemporary: false, expiresIn: null });
  });

  it("a success carrying bandwidth_overage_active reaches onWarning and the result", async () => {
    const onWarning = vi.fn();
    const body = { success: true, warning: "bandwidth_overage_active", message: "Extra usage will be billed.", fileId: "f", url: "http://s/x", expiresIn: 1200, isTemporary: true };
    const { c } = client([json(200, body)], { onWarning });
    const access = await c.getFileAccessUrl("f", { expiresIn: 1200 });
    const warning = { code: "bandwidth_overage_active", message: "Extra usage will be billed.", fileId: "f" };
    expect(access.warning).toEqual(warning);
    expect(onWarning).toHaveBeenCalledWith(warning);
  });
});

it("a warning on any success (here complete) reaches onWarning once and the result", async () => {
  const onWarning = vi.fn();
  const { c } = client([json(200, { ...wireFile("f_3"), success: true, warning: "bandwidth_overage_active", message: "billed" })], { onWarning });
  const file = await c.completeUpload("f_3");
  expect(file.warning).toEqual({ code: "bandwidth_overage_active", message: "billed", fileId: "f_3" });
  expect(onWarning).toHaveBeenCalledTimes(1);
});

describe("bad input fails before any network call", () => {
  const cases: Array<[string, (c: Dilnaka) => Promise<unknown>, string]> = [
    ["empty id", (c) => c.getFile(""), "fileId"],
    ["blank id", (c) => c.deleteFile("   "), "fileId"],
    ["id with a slash", (c) => c.getFile("a/../b"), "fileId"],
    ["expiresIn 0", (c) => c.getFileAccessUrl("f", { expiresIn: 0 }), "expiresIn"],
    ["expiresIn negative", (c) => c.getFileAccessUrl("f", { expiresIn: -5 }), "expiresIn"],
    ["expiresIn not an integer", (c) => c.getFileAccessUrl("f", { expiresIn: 1.5 }), "expiresIn"],
    ["expiresIn as a string", (c) => c.getFileAccessUrl("f", { expiresIn: "60" as unknown as number }), "expiresIn"],
    ["unknown option", (c) => c.getFileAccessUrl("f", { expires: 60 } as never), "expires"],
    ["limit 0", (c) => c.listFilesPage({ limit: 0 }), "limit"],
    ["empty cursor", (c) => c.listFilesPage({ cursor: "" }), "cursor"],
    ["completeUpload without id", (c) => c.completeUpload(undefined as unknown as string), "fileId"],
    ["presign without size", (c) => c.createPresignedUpload({ filename: "a", contentType: "text/plain" } as never), "size"],
    ["presign with a .. folder", (c) => c.createPresignedUpload({ filename: "a", contentType: "text/plain", size: 1, folder: "a/../b" }), "folder"],
    ["presign with a bad content type", (c) => c.createPresignedUpload({ filename: "a", contentType: "plain", size: 1 }), "contentType"],
  ];
  it.each(cases)("%s → ValidationError naming the field", async (_name, call, field) => {
    const { c, calls } = client([]);
    const error = await call(c).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
    expect(calls).toHaveLength(0);
  });

  it("listFiles validates on first iteration, before any request", async () => {
    const { c, calls } = client([]);
    await expect(c.listFiles({ limit: 1001 }).next()).rejects.toBeInstanceOf(ValidationError);
    expect(calls).toHaveLength(0);
  });
});

describe("the API key stays secret", () => {
  it("util.inspect, JSON and String show a redacted key", () => {
    const { c } = client([]);
    for (const text of [inspect(c, { showHidden: true, depth: 10 }), JSON.stringify(c), String(Object.entries(c))]) {
      expect(text).not.toContain(KEY);
    }
    expect(inspect(c)).toContain("dlk_dev_…WXYZ");
  });

  it("a server echoing the key back never puts it in the error", async () => {
    const { c } = client([json(401, { success: false, error: "unauthorized", message: `Key ${KEY} is revoked` })]);
    const error = (await c.getFile("f").catch((e: unknown) => e)) as Error;
    expect(error.message).toContain("dlk_dev_…WXYZ");
    expect(inspect(error, { depth: 5 }) + JSON.stringify(error)).not.toContain(KEY);
  });
});
