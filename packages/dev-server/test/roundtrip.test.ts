import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevServer, type DevServer } from "../src/index.js";
import { client } from "./helpers/api.js";
import { download, patternStream, rawPut, sha256OfStream } from "./helpers/bytes.js";

let server: DevServer;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  server = await startDevServer({ port: 0 });
  api = client(server.baseUrl, server.apiKey);
});
afterAll(() => server?.stop());

describe("presign → PUT → complete → access-url → GET", () => {
  it.each([
    ["0 bytes", 0],
    ["1 byte", 1],
    ["50 MiB", 50 * 1024 * 1024],
  ])("returns identical bytes for %s", async (_label, size) => {
    const presign = await api.presign({ filename: `blob ${size}.bin`, contentType: "application/octet-stream", size });
    expect(presign.status).toBe(200);
    expect(presign.body.method).toBe("PUT");
    expect(presign.body.fileKey).toMatch(
      new RegExp(`^uploads/\\d{4}/\\d{2}/${presign.body.fileId}-blob-${size}\\.bin$`),
    );

    const put = await rawPut(presign.body.uploadUrl, presign.body.headers, size, patternStream(size, size + 7));
    expect([200, 201, 204]).toContain(put.status);

    const done = await api.complete(presign.body.fileId);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ fileId: presign.body.fileId, status: "uploaded", size, publicUrl: null });

    const access = await api.accessUrl(presign.body.fileId, "?expiresIn=120");
    expect(access.status).toBe(200);
    expect(access.body).toMatchObject({ fileId: presign.body.fileId, expiresIn: 120, isTemporary: true });

    const got = await download(access.body.url);
    expect(got.status).toBe(200);
    expect(got.length).toBe(size);
    expect(got.sha256).toBe(await sha256OfStream(patternStream(size, size + 7)));
  });

  it("lists, gets and deletes what it stored", async () => {
    const presign = await api.presign({ filename: "note.txt", contentType: "text/plain", size: 5, metadata: { a: "b" } });
    await rawPut(presign.body.uploadUrl, presign.body.headers, 5, patternStream(5));
    await api.complete(presign.body.fileId);

    const got = await api.get(presign.body.fileId);
    expect(got.body).toMatchObject({ fileId: presign.body.fileId, originalName: "note.txt", metadata: { a: "b" } });
    const list = await api.list();
    expect(list.body.files[0].fileId).toBe(presign.body.fileId);

    const { body: access } = await api.accessUrl(presign.body.fileId);
    expect(access.expiresIn).toBe(3600);
    const deleted = await api.remove(presign.body.fileId);
    expect(deleted.body).toEqual({ success: true, fileId: presign.body.fileId, deleted: true });
    expect((await api.get(presign.body.fileId)).status).toBe(404);
    expect((await download(access.url)).status).toBe(404);
  });
});

describe("listFiles pages", () => {
  it("walks newest first with limit and nextCursor until nextCursor is null", async () => {
    const s = await startDevServer();
    try {
      const c = client(s.baseUrl, s.apiKey);
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await c.presign({ filename: `p${i}.txt`, contentType: "text/plain", size: 1 })).body.fileId);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: { body: { files: Array<{ fileId: string }>; nextCursor: string | null } } = await c.list(
          `?status=pending&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
        );
        seen.push(...res.body.files.map((f) => f.fileId));
        cursor = res.body.nextCursor;
        pages += 1;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual([...ids].reverse());
    } finally {
      await s.stop();
    }
  });
});
