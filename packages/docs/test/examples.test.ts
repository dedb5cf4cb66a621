// Runs every example program (the code samples on the site) in TypeScript, Python and PHP against
// the dev server with its real S3-compatible store, and checks what they print and what they did.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
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
  await server?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
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
      ["completeUpload", "createPresignedUpload", "deleteFile", "getFile", "getFileAccessUrl", "handleErrors", "listFiles", "upload"].sort(),
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
