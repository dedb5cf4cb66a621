import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevServer, type DevServer } from "../src/index.js";
import { client, dev } from "./helpers/api.js";
import { uploadFile } from "./helpers/upload.js";

const GB = 1_000_000_000;
const GiB = 1024 ** 3;
/** The spec's single_put_limit example. */
const SINGLE_PUT_LIMIT = {
  success: false,
  error: "file_too_large",
  message: "One presigned PUT carries at most 5 GiB (5368709120 bytes); upload larger files with createMultipartUpload.",
};
// Bodies of seed 001, verbatim.
const LIMIT = {
  success: false,
  error: "bandwidth_limit_exceeded",
  message: "Monthly bandwidth limit exceeded. Upgrade your plan or wait until the next billing cycle.",
};
const HARD_CAP = {
  success: false,
  error: "bandwidth_hard_cap_reached",
  message: "Monthly bandwidth hard cap reached. Contact Dilnaka support to continue serving files.",
};
const OVERAGE = {
  success: true,
  warning: "bandwidth_overage_active",
  message: "This account has exceeded included bandwidth. Extra usage will be billed.",
};

describe("free plan", () => {
  let server: DevServer;
  let api: ReturnType<typeof client>;
  beforeAll(async () => {
    server = await startDevServer({ plan: "free" });
    api = client(server.baseUrl, server.apiKey);
  });
  afterAll(() => server?.stop());

  it("counts each access URL's file size as bandwidth", async () => {
    const f = await uploadFile(api, 1000);
    await dev(server.baseUrl, "/__dev/usage", { bandwidthBytes: 0 });
    await api.accessUrl(f.fileId);
    await api.accessUrl(f.fileId);
    expect((await dev(server.baseUrl, "/__dev/usage", {})).bandwidthBytes).toBe(2000);
    expect((await dev(server.baseUrl, "/__dev/usage", {})).storageBytes).toBe(1000);
  });

  it("stops serving past 5 GB/month with the seed's body", async () => {
    const f = await uploadFile(api, 10);
    await dev(server.baseUrl, "/__dev/usage", { bandwidthBytes: 5 * GB - 5 });
    const res = await api.accessUrl(f.fileId);
    expect(res.status).toBe(402);
    expect(res.body).toEqual(LIMIT);
    await dev(server.baseUrl, "/__dev/usage", { bandwidthBytes: 5 * GB - 10 });
    expect((await api.accessUrl(f.fileId)).status).toBe(200);
  });

  it("refuses uploads past 2 GB of storage and files over 1 GB", async () => {
    await dev(server.baseUrl, "/__dev/usage", { storageBytes: 2 * GB - 5 });
    const full = await api.presign({ filename: "a.txt", contentType: "text/plain", size: 6 });
    expect(full.status).toBe(402);
    expect(full.body).toEqual({
      success: false,
      error: "storage_limit_exceeded",
      message: "Storage limit exceeded. Delete files or upgrade your plan.",
    });
    expect((await api.presign({ filename: "a.txt", contentType: "text/plain", size: 5 })).status).toBe(200);
    await dev(server.baseUrl, "/__dev/usage", { storageBytes: 0 });
    const big = await api.presign({ filename: "big.iso", contentType: "application/octet-stream", size: GB + 1 });
    expect(big.status).toBe(413);
    expect(big.body).toEqual({ success: false, error: "file_too_large", message: "Files on the free plan are limited to 1 GB." });
  });
});

describe.each([
  ["pro", 50 * GB, 500 * GB],
  ["usage", 150 * GB, 1000 * GB],
] as const)("%s plan", (plan, included, cap) => {
  let server: DevServer;
  let api: ReturnType<typeof client>;
  beforeAll(async () => {
    server = await startDevServer({ plan });
    api = client(server.baseUrl, server.apiKey);
  });
  afterAll(() => server?.stop());

  it("serves past the included bandwidth with the overage warning, then stops at the safety cap", async () => {
    const f = await uploadFile(api, 100);
    await dev(server.baseUrl, "/__dev/usage", { bandwidthBytes: included - 100 });
    const within = await api.accessUrl(f.fileId);
    expect(within.status).toBe(200);
    expect(within.body.warning).toBeUndefined();

    const over = await api.accessUrl(f.fileId, "?expiresIn=1200");
    expect(over.status).toBe(200);
    expect(over.body).toMatchObject({ ...OVERAGE, fileId: f.fileId, expiresIn: 1200, isTemporary: true });

    await dev(server.baseUrl, "/__dev/usage", { bandwidthBytes: cap - 50 });
    const capped = await api.accessUrl(f.fileId);
    expect(capped.status).toBe(402);
    expect(capped.body).toEqual(HARD_CAP);
  });

  it("bills storage overage instead of refusing uploads; one PUT carries up to 5 GiB", async () => {
    await dev(server.baseUrl, "/__dev/usage", { storageBytes: 10_000 * GB });
    expect((await api.presign({ filename: "a.txt", contentType: "text/plain", size: 5 * GiB })).status).toBe(200);
    const big = await api.presign({ filename: "a.txt", contentType: "text/plain", size: 5 * GiB + 1 });
    expect(big.status).toBe(413);
    expect(big.body).toEqual(SINGLE_PUT_LIMIT);
  });
});
