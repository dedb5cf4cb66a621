// What the SDKs' shared fault suite (spec/faults/faults.json) needs from the dev server: the API
// request log, the `dropResponse` fault (the server commits, the answer is lost) and the orphans
// report (objects or parts no completed file accounts for).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startDevServer, type DevServer } from "../src/index.js";
import { client, dev } from "./helpers/api.js";
import { patternStream, rawPut } from "./helpers/bytes.js";
import { uploadFile } from "./helpers/upload.js";

let server: DevServer;
let api: ReturnType<typeof client>;
const MIB = 1024 * 1024;

beforeAll(async () => {
  server = await startDevServer({ faults: true });
  api = client(server.baseUrl, server.apiKey);
});
afterAll(() => server?.stop());
beforeEach(async () => {
  await dev(server.baseUrl, "/__dev/faults", undefined, "DELETE");
  await dev(server.baseUrl, "/__dev/api-requests", undefined, "DELETE");
});

const apiLog = async () => (await dev(server.baseUrl, "/__dev/api-requests", undefined, "GET")).requests;
const orphans = async (prefix: string) => (await dev(server.baseUrl, `/__dev/orphans?prefix=${encodeURIComponent(prefix)}`, undefined, "GET")).orphans;

async function presignAndPut(folder: string, size: number) {
  const presign = await api.presign({ filename: "o.bin", contentType: "application/octet-stream", size, folder });
  const put = await rawPut(presign.body.uploadUrl, presign.body.headers, size, patternStream(size));
  expect(put.status).toBe(200);
  return presign.body as { fileId: string; fileKey: string };
}

describe("GET /__dev/api-requests", () => {
  it("logs each spec operation with its status, a faulted one too; dev calls are not logged; DELETE clears it", async () => {
    await dev(server.baseUrl, "/__dev/faults", { target: "api", operation: "listFiles", status: 503, times: 1 });
    await api.list();
    await api.list();
    const file = await uploadFile(api, 10, { folder: "log" });
    await api.get(file.fileId);
    await dev(server.baseUrl, "/__dev/usage", {});
    expect(await apiLog()).toEqual([
      { operationId: "listFiles", method: "GET", path: "/v1/files", status: 503 },
      { operationId: "listFiles", method: "GET", path: "/v1/files", status: 200 },
      { operationId: "createPresignedUpload", method: "POST", path: "/v1/uploads/presign", status: 200 },
      { operationId: "completeUpload", method: "POST", path: "/v1/uploads/complete", status: 200 },
      { operationId: "getFile", method: "GET", path: `/v1/files/${file.fileId}`, status: 200 },
    ]);
    await dev(server.baseUrl, "/__dev/api-requests", undefined, "DELETE");
    expect(await apiLog()).toEqual([]);
  });

  it("a reset request is logged with status null", async () => {
    await dev(server.baseUrl, "/__dev/faults", { target: "api", operation: "listFiles", reset: true });
    await expect(fetch(`${server.baseUrl}/v1/files`, { headers: { Authorization: `Bearer ${server.apiKey}` } })).rejects.toThrow();
    expect(await apiLog()).toEqual([{ operationId: "listFiles", method: "GET", path: "/v1/files", status: null }]);
  });
});

describe("the dropResponse fault", () => {
  it("completeUpload commits, then the socket drops; completing again answers the same uploaded file", async () => {
    const up = await presignAndPut("drop", 100);
    await dev(server.baseUrl, "/__dev/faults", { target: "api", operation: "completeUpload", dropResponse: true });
    const lost = fetch(`${server.baseUrl}/v1/uploads/complete`, {
      method: "POST",
      headers: { Authorization: `Bearer ${server.apiKey}`, "Content-Type": "application/json" },
      body: JSON.stringify({ fileId: up.fileId }),
    });
    await expect(lost).rejects.toThrow();
    expect((await api.get(up.fileId)).body.status).toBe("uploaded"); // it did commit
    const again = await api.complete(up.fileId);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ fileId: up.fileId, status: "uploaded", size: 100 });
    expect((await apiLog()).map((r: { status: number | null }) => r.status)).toEqual([200, null, 200, 200]);
  });

  it("works as a header too, and is refused on the store", async () => {
    const res = await api.list("", { "X-Dilnaka-Fault": "drop-response;times=1;id=drop" }).catch((e: unknown) => e);
    expect(res).toBeInstanceOf(Error);
    const refused = await fetch(`${server.baseUrl}/__dev/faults`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ target: "store", dropResponse: true }),
    });
    expect(refused.status).toBe(400);
    expect((await refused.json()).message).toMatch(/dropResponse applies to API calls/);
  });
});

describe("GET /__dev/orphans", () => {
  it("an object whose file is still pending is an orphan until completed; prefix scopes the report", async () => {
    const up = await presignAndPut("orphan-a", 64);
    await uploadFile(api, 32, { folder: "orphan-b" });
    expect(await orphans("orphan-a/")).toEqual([{ kind: "object", key: up.fileKey, fileId: up.fileId, fileStatus: "pending", size: 64 }]);
    expect(await orphans("orphan-b/")).toEqual([]);
    await api.complete(up.fileId);
    expect(await orphans("orphan-a/")).toEqual([]);
    const all = await dev(server.baseUrl, "/__dev/orphans", undefined, "GET");
    expect(all.objects).toBeGreaterThanOrEqual(2);
  });

  it("abortUpload of a single PUT that was stored leaves no orphan", async () => {
    const up = await presignAndPut("orphan-c", 10);
    expect(await orphans("orphan-c/")).toHaveLength(1);
    expect((await api.abort(up.fileId)).status).toBe(200);
    expect(await orphans("orphan-c/")).toEqual([]);
  });

  it("parts held by a pending multipart upload are an orphan until it is completed or aborted", async () => {
    const created = await api.createMultipart({ filename: "m.bin", contentType: "application/octet-stream", size: 6 * MIB, folder: "orphan-m", partSize: 5 * MIB });
    const fileId = created.body.fileId as string;
    const urls = await api.presignParts(fileId, [1]);
    const put = await rawPut(urls.body.parts[0].url, urls.body.parts[0].headers, 5 * MIB, patternStream(5 * MIB));
    expect(put.status).toBe(200);
    expect(await orphans("orphan-m/")).toEqual([
      { kind: "parts", key: created.body.fileKey, fileId, fileStatus: "pending", size: 5 * MIB, parts: 1 },
    ]);
    await api.abort(fileId);
    expect(await orphans("orphan-m/")).toEqual([]);
  });
});
