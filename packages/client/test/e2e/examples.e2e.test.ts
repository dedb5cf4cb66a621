// The README's examples are real files; each one runs here against the dev server.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { devServer } from "../helpers/dev-server.js";

const run = promisify(execFile);
const { baseUrl, apiKey } = devServer();
const env = { ...process.env, DILNAKA_API_KEY: apiKey, DILNAKA_BASE_URL: baseUrl };

describe("examples/ run as documented", () => {
  it("upload.mjs uploads a file", async () => {
    const { stdout } = await run(process.execPath, ["examples/upload.mjs", "README.md"], { env });
    expect(stdout).toMatch(/100\.0 %\nuploaded README\.md: id=\w+ key=examples\//);
  });

  it("files.mjs lists, shares and deletes", async () => {
    const { stdout } = await run(process.execPath, ["examples/files.mjs"], { env });
    expect(stdout).toMatch(/hello\.txt/);
    expect(stdout).toMatch(/download for 600 s: http/);
    expect(stdout).toMatch(/deleted: true/);
  });

  it("errors.mjs shows typed errors", async () => {
    const { stdout } = await run(process.execPath, ["examples/errors.mjs"], { env });
    expect(stdout).toMatch(/not found \(404 not_found\); hint: /);
    expect(stdout).toMatch(/bad expiresIn: getFileAccessUrl: expiresIn must be an integer/);
  });
});
