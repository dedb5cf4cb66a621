import { HeadObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevServer, type DevServer } from "../src/index.js";
import { EMBEDDED_BUCKET } from "../src/store/embedded.js";
import { client, dev } from "./helpers/api.js";
import { patternBuffer } from "./helpers/multipart.js";
import { embeddedS3Client } from "./helpers/s3-client.js";
import { uploadFile } from "./helpers/upload.js";

let server: DevServer;
let api: ReturnType<typeof client>;
let url: string;
let bytes: Buffer;
const SIZE = 1000;

beforeAll(async () => {
  server = await startDevServer();
  api = client(server.baseUrl, server.apiKey);
  const f = await uploadFile(api, SIZE, { seed: 5 });
  bytes = await patternBuffer(SIZE, 5);
  url = (await api.accessUrl(f.fileId)).body.url; // the presigned GET, through the store front
});
afterAll(() => server?.stop());

const get = async (range?: string, method = "GET") => {
  const res = await fetch(url, { method, headers: range === undefined ? {} : { Range: range } });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
};

describe("the store answers Range on the access URL as S3 does", () => {
  it.each([
    ["bytes=0-99", 0, 99],
    ["bytes=0-0", 0, 0],
    ["bytes=990-", 990, 999],
    ["bytes=-10", 990, 999],
    ["bytes=500-5000", 500, 999], // the end past the object is cut to its last byte
    ["bytes=-5000", 0, 999], // a suffix longer than the object is all of it, still a 206
    ["bytes=999-999", 999, 999],
  ])("%s → 206 with bytes %i-%i and Content-Range", async (range, start, end) => {
    const res = await get(range);
    expect(res.status).toBe(206);
    expect(res.headers.get("content-range")).toBe(`bytes ${start}-${end}/${SIZE}`);
    expect(res.headers.get("content-length")).toBe(String(end - start + 1));
    expect(res.headers.get("accept-ranges")).toBe("bytes");
    expect(res.body.equals(bytes.subarray(start, end + 1))).toBe(true);
  });

  it.each(["bytes=1000-", "bytes=5000-6000", "bytes=-0"])("%s → 416 with S3's InvalidRange XML", async (range) => {
    const res = await get(range);
    expect(res.status).toBe(416);
    expect(res.headers.get("content-type")).toContain("application/xml");
    const xml = res.body.toString();
    expect(xml).toContain("<Code>InvalidRange</Code>");
    expect(xml).toContain("<Message>The requested range is not satisfiable</Message>");
    expect(xml).toContain(`<RangeRequested>${range}</RangeRequested>`);
    expect(xml).toContain(`<ActualObjectSize>${SIZE}</ActualObjectSize>`);
  });

  it.each(["items=0-5", "bytes=0-5,10-20", "bytes=50-10", "bytes=abc"])("%s is ignored: 200 with the whole object", async (range) => {
    const res = await get(range);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-range")).toBeNull();
    expect(res.body.equals(bytes)).toBe(true);
  });

  it("a plain GET is a 200 with Accept-Ranges: bytes; a presigned GET is no HEAD (403, as on S3)", async () => {
    const whole = await get();
    expect(whole.status).toBe(200);
    expect(whole.headers.get("accept-ranges")).toBe("bytes");
    expect(whole.body.equals(bytes)).toBe(true);
    expect((await get(undefined, "HEAD")).status).toBe(403); // the signature covers the method
  });

  it("HEAD (signed as HEAD, by an S3 client) answers the ranged headers without a body", async () => {
    const s3 = embeddedS3Client(server.storeUrl);
    const Key = decodeURIComponent(new URL(url).pathname.split("/").slice(2).join("/"));
    const head = await s3.send(new HeadObjectCommand({ Bucket: EMBEDDED_BUCKET, Key }));
    expect([head.$metadata.httpStatusCode, head.ContentLength, head.AcceptRanges]).toEqual([200, SIZE, "bytes"]);
    const ranged = await s3.send(new HeadObjectCommand({ Bucket: EMBEDDED_BUCKET, Key, Range: "bytes=-100" }));
    expect([ranged.$metadata.httpStatusCode, ranged.ContentRange, ranged.ContentLength]).toEqual([206, `bytes 900-999/${SIZE}`, 100]);
    await expect(s3.send(new HeadObjectCommand({ Bucket: EMBEDDED_BUCKET, Key, Range: "bytes=2000-" }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 416 },
    });
  });

  it("any range of an empty object is unsatisfiable; without one it is a 200 of nothing", async () => {
    const empty = await uploadFile(api, 0);
    const emptyUrl = (await api.accessUrl(empty.fileId)).body.url;
    for (const range of ["bytes=0-", "bytes=-1", "bytes=0-0"]) {
      expect((await fetch(emptyUrl, { headers: { Range: range } })).status, range).toBe(416);
    }
    const whole = await fetch(emptyUrl);
    expect([whole.status, (await whole.arrayBuffer()).byteLength]).toEqual([200, 0]);
  });

  it("the Range is checked after the signature: a tampered URL is 403 whatever the range", async () => {
    const u = new URL(url);
    u.searchParams.set("X-Amz-Signature", "0".repeat(64));
    const res = await fetch(u, { headers: { Range: "bytes=5000-" } });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("SignatureDoesNotMatch");
  });

  it("the store-requests log records each GET with its Range, status and body bytes sent", async () => {
    await dev(server.baseUrl, "/__dev/store-requests", undefined, "DELETE");
    await get("bytes=10-19");
    await get("bytes=5000-");
    await get();
    const { requests } = await dev(server.baseUrl, "/__dev/store-requests", undefined, "GET");
    const key = new URL(url).pathname.split("/").slice(2).join("/");
    const base = { method: "GET", key: decodeURIComponent(key), uploadId: null, partNumber: null, bytes: 0 };
    expect(requests).toEqual([
      { ...base, range: "bytes=10-19", status: 206, responseBytes: 10 },
      { ...base, range: "bytes=5000-", status: 416, responseBytes: expect.any(Number) },
      { ...base, range: null, status: 200, responseBytes: SIZE },
    ]);
  });
});
