// Runs every example program (the code samples on the site) in TypeScript, Python and PHP against
// the dev server with its real S3-compatible store, and checks what they print and what they did.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { startDevServer, type DevServer } from "@dilnaka/dev-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LANGUAGES, runExample, sdkExists, type Language, type Run } from "./run-example.js";
import { pkg } from "./paths.js";

const CONTENT = "Hello from the Dilnaka docs examples!\n";

let server: DevServer;
let work: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "dilnaka-docs-examples-"));
  server = await startDevServer({ dataDir: join(work, "data") });
});

afterAll(async () => {
  try {
    await server?.stop(); // throws on any spec violation seen behind DILNAKA_E2E_PRISM_PROXY=1
  } finally {
    if (work) rmSync(work, { recursive: true, force: true });
  }
});

/** The Dilnaka API, called directly: to set up a pending upload and to check what an example did. */
async function api(method: string, path: string, body?: unknown) {
  const response = await fetch(server.baseUrl + path, {
    method,
    headers: { authorization: `Bearer ${server.apiKey}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: (await response.json()) as any };
}

/** A pending multipart upload of CONTENT (one part), for the presign/list/abort examples. */
async function createMultipart(name: string): Promise<string> {
  const { status, body } = await api("POST", "/v1/uploads/multipart", {
    filename: name,
    contentType: "text/plain",
    size: Buffer.byteLength(CONTENT),
  });
  expect(status).toBe(200);
  return body.fileId;
}

/** 12 MiB of varied bytes: above the 8 MiB threshold the uploadLarge example sets. */
function largeBytes(): Buffer {
  const bytes = Buffer.alloc(12 * 1024 * 1024);
  for (let i = 0; i < bytes.length; i += 4096) bytes.writeUInt32LE(i * 2654435761 >>> 0, i);
  return bytes;
}

/** Steps 1 and 2 of an upload, leaving the file pending for the completeUpload example. */
async function presignAndPut(name: string): Promise<string> {
  const { body: presigned } = await api("POST", "/v1/uploads/presign", {
    filename: name,
    contentType: "text/plain",
    size: Buffer.byteLength(CONTENT),
  });
  const put = await fetch(presigned.uploadUrl, { method: presigned.method, headers: presigned.headers, body: CONTENT });
  expect(put.ok).toBe(true);
  return presigned.fileId;
}

function expectSuccess(run: Run) {
  expect(run.stderr, "the example wrote to stderr").toBe("");
  expect(run.code, `exit code, stdout:\n${run.stdout}`).toBe(0);
}

describe.each(LANGUAGES)("$dir examples", (language: Language) => {
  const skip = !sdkExists(language);
  let dir: string;
  let uploadPath: string;
  let fileId: string;
  const run = (name: string, env: Record<string, string> = {}) =>
    runExample(language, name, dir, {
      DILNAKA_API_KEY: server.apiKey,
      DILNAKA_BASE_URL: server.baseUrl,
      DILNAKA_UPLOAD_PATH: uploadPath,
      ...env,
    });

  beforeAll(() => {
    // Each language in its own empty working directory: no .env but the one the example expects.
    dir = mkdtempSync(join(work, `${language.dir}-`));
    uploadPath = join(dir, `hello-${language.dir}.txt`);
    writeFileSync(uploadPath, CONTENT);
  });

  it.skipIf(skip)("every example file is run by this test", () => {
    const names = readdirSync(join(pkg, "examples", language.dir))
      .filter((file) => file.endsWith(`.${language.ext}`))
      .map((file) => basename(file, `.${language.ext}`));
    expect(names.sort()).toEqual(
      [
        "abortUpload",
        "completeUpload",
        "createMultipartUpload",
        "createPresignedUpload",
        "deleteFile",
        "download",
        "getFile",
        "getFileAccessUrl",
        "handleErrors",
        "listFiles",
        "listUploadParts",
        "presignUploadParts",
        "upload",
        "uploadDirectory",
        "uploadLarge",
      ].sort(),
    );
  });

  it.skipIf(skip)("upload: uploads the file and prints its id and status", async () => {
    const result = await run("upload");
    expectSuccess(result);
    fileId = /uploaded (\S+)/.exec(result.stdout)![1]!;
    expect(result.stdout).toContain("status: uploaded");
    const { body } = await api("GET", `/v1/files/${fileId}`);
    expect(body).toMatchObject({ status: "uploaded", size: Buffer.byteLength(CONTENT), originalName: basename(uploadPath) });
  });

  it.skipIf(skip)("createPresignedUpload: presigns, PUTs the bytes and completes", async () => {
    const result = await run("createPresignedUpload");
    expectSuccess(result);
    const id = /presigned (\S+) \(URL valid \d+ s\)/.exec(result.stdout)![1]!;
    expect(result.stdout).toContain("status: uploaded");
    expect((await api("GET", `/v1/files/${id}`)).body).toMatchObject({ status: "uploaded", size: Buffer.byteLength(CONTENT) });
  });

  it.skipIf(skip)("uploadLarge: uploads 12 MiB in parts and the bytes read back equal", async () => {
    const largePath = join(dir, `large-${language.dir}.bin`);
    const bytes = largeBytes();
    writeFileSync(largePath, bytes);
    const result = await run("uploadLarge", { DILNAKA_UPLOAD_PATH: largePath, DILNAKA_STATE_DIR: join(dir, "state") });
    expectSuccess(result);
    const id = /^uploaded (\S+) \(12582912 bytes\)$/m.exec(result.stdout)![1]!;
    const { body: access } = await api("GET", `/v1/files/${id}/access-url`);
    const download = Buffer.from(await (await fetch(access.url)).arrayBuffer());
    expect(download.equals(bytes)).toBe(true);
    await api("DELETE", `/v1/files/${id}`);
  });

  it.skipIf(skip)("createMultipartUpload: creates, presigns part 1, PUTs it and completes with its ETag", async () => {
    const result = await run("createMultipartUpload");
    expectSuccess(result);
    const [, id, partSize] = /^multipart (\S+): 1 part\(s\) of (\d+) bytes$/m.exec(result.stdout)!;
    expect(Number(partSize)).toBeGreaterThanOrEqual(5 * 1024 * 1024);
    expect(result.stdout).toContain("status: uploaded");
    expect((await api("GET", `/v1/files/${id}`)).body).toMatchObject({ status: "uploaded", size: Buffer.byteLength(CONTENT) });
    await api("DELETE", `/v1/files/${id}`);
  });

  it.skipIf(skip)("presignUploadParts and listUploadParts: a part PUT by hand is listed with its ETag", async () => {
    const id = await createMultipart(`parts-${language.dir}.txt`);
    const put = await run("presignUploadParts", { DILNAKA_FILE_ID: id });
    expectSuccess(put);
    const etag = /^part 1 stored, ETag (\S+)$/m.exec(put.stdout)![1]!;
    const { body: listed } = await api("GET", `/v1/uploads/${id}/parts`);
    // A part PUT without a checksum (the upload was created without checksumAlgorithm) lists checksumSha256 null.
    expect(listed.parts).toEqual([{ partNumber: 1, etag, size: Buffer.byteLength(CONTENT), checksumSha256: null }]);
    const list = await run("listUploadParts", { DILNAKA_FILE_ID: id });
    expectSuccess(list);
    expect(list.stdout).toContain(`${id}: 1 of 1 parts stored`);
    expect(list.stdout.split("\n")).toContain(`part 1  ${Buffer.byteLength(CONTENT)} bytes  ${etag}`);
    await api("DELETE", `/v1/uploads/${id}`);
  });

  it.skipIf(skip)("abortUpload: aborts a pending multipart upload; its id reads 404 afterwards", async () => {
    const id = await createMultipart(`abort-${language.dir}.txt`);
    const result = await run("abortUpload", { DILNAKA_FILE_ID: id });
    expectSuccess(result);
    expect(result.stdout.trim()).toBe(`aborted ${id}`);
    expect((await api("GET", `/v1/files/${id}`)).status).toBe(404);
    expect((await api("GET", `/v1/uploads/${id}/parts`)).status).toBe(404);
  });

  it.skipIf(skip)("completeUpload: completes a file whose bytes were PUT", async () => {
    const pending = await presignAndPut(`pending-${language.dir}.txt`);
    expect((await api("GET", `/v1/files/${pending}`)).body.status).toBe("pending");
    const result = await run("completeUpload", { DILNAKA_FILE_ID: pending });
    expectSuccess(result);
    expect(result.stdout).toContain(`${pending}: uploaded, ${Buffer.byteLength(CONTENT)} bytes at uploads/`);
  });

  it.skipIf(skip)("listFiles: lists the uploaded file", async () => {
    const result = await run("listFiles");
    expectSuccess(result);
    expect(result.stdout).toMatch(new RegExp(`^${fileId}  uploaded  ${Buffer.byteLength(CONTENT)} bytes  uploads/`, "m"));
  });

  it.skipIf(skip)("getFile: prints the file's metadata", async () => {
    const result = await run("getFile", { DILNAKA_FILE_ID: fileId });
    expectSuccess(result);
    expect(result.stdout).toContain(`${basename(uploadPath)}: ${Buffer.byteLength(CONTENT)} bytes, text/plain, uploaded`);
  });

  it.skipIf(skip)("getFileAccessUrl: prints a URL that downloads the bytes", async () => {
    const result = await run("getFileAccessUrl", { DILNAKA_FILE_ID: fileId });
    expectSuccess(result);
    const [url, expires] = result.stdout.trim().split("\n");
    expect(expires).toBe("expires in 600 s");
    const download = await fetch(url!);
    expect(download.status).toBe(200);
    expect(await download.text()).toBe(CONTENT);
  });

  it.skipIf(skip)("download: writes the file to the path, verified, and prints its size and SHA-256", async () => {
    const target = join(dir, `downloaded-${language.dir}.txt`);
    const result = await run("download", { DILNAKA_FILE_ID: fileId, DILNAKA_DOWNLOAD_PATH: target });
    expectSuccess(result);
    // The file's checksum as the API stores it (a path in one PUT is sent without one by default).
    const stored = (await api("GET", `/v1/files/${fileId}`)).body.checksumSha256;
    expect(result.stdout.trim()).toBe(`downloaded ${fileId} (${Buffer.byteLength(CONTENT)} bytes, sha256 ${stored ?? "none"})`);
    expect(readFileSync(target, "utf8")).toBe(CONTENT);
  });

  it.skipIf(skip)("uploadDirectory: uploads a nested folder, each file under docs-tree/<its directory>", async () => {
    const tree = join(dir, "site");
    for (const path of ["index.html", "css/site.css", "img/icons/logo.svg", "node_modules/x/skip.js"]) {
      mkdirSync(join(tree, path, ".."), { recursive: true });
      writeFileSync(join(tree, path), `${path}\n`);
    }
    const result = await run("uploadDirectory", { DILNAKA_UPLOAD_DIR: tree });
    expectSuccess(result);
    expect(result.stdout.trim()).toBe("uploaded 3 files, 0 failed");
    const { body } = await api("GET", "/v1/files?limit=1000");
    const keys = body.files.map((f: { key: string }) => f.key.replace(/\/\d{4}\/\d{2}\/[^/]+?-/, "/"));
    expect(keys).toEqual(expect.arrayContaining(["docs-tree/index.html", "docs-tree/css/site.css", "docs-tree/img/icons/logo.svg"]));
  });

  it.skipIf(skip)("handleErrors: a missing file is a NotFoundError with a hint", async () => {
    const result = await run("handleErrors", { DILNAKA_FILE_ID: "no_such_file" });
    expectSuccess(result);
    expect(result.stdout).toMatch(/^no file no_such_file: \S.+$/m);
  });

  it.skipIf(skip)("deleteFile: deletes the file", async () => {
    const result = await run("deleteFile", { DILNAKA_FILE_ID: fileId });
    expectSuccess(result);
    expect(result.stdout.trim()).toBe(`deleted ${fileId}`);
    expect((await api("GET", `/v1/files/${fileId}`)).status).toBe(404);
  });
});
