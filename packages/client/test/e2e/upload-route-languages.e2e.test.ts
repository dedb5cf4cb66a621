// The same browser uploader (the built dist/browser.js, run in Node: without XHR it PUTs with
// fetch) against the Python and the PHP route helpers' example servers, on the dev server: the
// three helpers speak one wire format (spec/upload-route.yaml), so any of them can sit behind
// upload(file, { handleUploadUrl }). Each language is skipped, saying so, only while its example
// server does not exist yet.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devServer, sha256OfUrl } from "../helpers/dev-server.js";
import { hmacKey, verifyToken } from "../../src/upload-route/token.js";
import { SECRET } from "../helpers/upload-route.js";
import { specViolations } from "../helpers/upload-route-spec.js";

const repo = fileURLToPath(new URL("../../../../", import.meta.url));
const server = devServer();
const MiB = 1024 * 1024;
type Browser = typeof import("../../src/browser.js");

const HELPERS = [
  { language: "Python", file: "packages/python/examples/upload_route_server.py", command: (file: string, _port: number) => [`${repo}.venv/bin/python`, file] },
  { language: "PHP", file: "packages/php/examples/upload-route-server.php", command: (file: string, port: number) => ["php", "-S", `127.0.0.1:${port}`, file] },
];

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Waits until the route answers at all (any status), or the process exits. */
async function waitForRoute(url: string, child: ChildProcess, log: string[]): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (child.exitCode !== null) throw new Error(`the route server exited with ${child.exitCode}:\n${log.join("")}`);
    try {
      await fetch(url, { method: "GET" });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`the route server did not answer at ${url}:\n${log.join("")}`);
}

for (const helper of HELPERS) {
  const present = existsSync(`${repo}${helper.file}`);
  // The reason shows in the run's list of skipped tests.
  if (!present) it.skip(`${helper.language} route helper: skipped because ${helper.file} does not exist yet`, () => {});
  describe.skipIf(!present)(`the TS browser uploader against the ${helper.language} route helper (${helper.file})`, () => {
    let child: ChildProcess;
    let url: string;
    let sdk: Browser;
    const log: string[] = [];

    beforeAll(async () => {
      const port = await freePort();
      const [cmd, ...args] = helper.command(`${repo}${helper.file}`, port);
      child = spawn(cmd!, args, {
        cwd: repo,
        env: { PATH: process.env.PATH, DILNAKA_API_KEY: server.apiKey, DILNAKA_BASE_URL: server.baseUrl, DILNAKA_ROUTE_TOKEN_SECRET: SECRET, PORT: String(port) },
        stdio: ["ignore", "pipe", "pipe"],
      });
      child.stdout!.on("data", (chunk) => log.push(String(chunk)));
      child.stderr!.on("data", (chunk) => log.push(String(chunk)));
      url = `http://127.0.0.1:${port}/api/upload`;
      await waitForRoute(url, child, log);
      sdk = (await import(new URL("../../dist/browser.js", import.meta.url).href)) as Browser;
    }, 60_000);
    afterAll(() => {
      child?.kill("SIGTERM");
    });

    it("uploads a small file in one PUT and a 12 MiB one; the bytes are stored and listed", async () => {
      for (const size of [1000, 12 * MiB + 1]) {
        const bytes = randomBytes(size);
        const progress: number[] = [];
        const file = await sdk.upload(new File([bytes], `from-ts-${size}.bin`, { type: "application/octet-stream" }), {
          handleUploadUrl: url,
          clientPayload: JSON.stringify({ from: "typescript" }),
          onProgress: ({ loaded }) => progress.push(loaded),
        });
        expect(file, log.join("")).toMatchObject({ status: "uploaded", size, originalName: `from-ts-${size}.bin` });
        expect(progress.at(-1)).toBe(size);
        expect((await sha256OfUrl((await server.client().getFileAccessUrl(file.id)).url)).bytes).toBe(size);
        expect((await server.client().getFile(file.id)).status).toBe("uploaded");
      }
    });

    it("issues spec tokens (v1, HMAC-SHA256 under the secret, fid/size/mp/exp) that the TS verifier accepts; refuses forged, replayed and other files' tokens with 403", async () => {
      const post = async (body: object) => {
        const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
        const answer = (await response.json()) as any;
        // Each answer is checked against spec/upload-route.yaml too.
        expect(specViolations(body, response.status, answer)).toEqual([]);
        return { status: response.status, body: answer };
      };
      const a = await post({ type: "presign", filename: "a.bin", contentType: "application/octet-stream", size: 5, clientPayload: null });
      const b = await post({ type: "presign", filename: "b.bin", contentType: "application/octet-stream", size: 5, clientPayload: null });
      expect(a, log.join("")).toMatchObject({ status: 200, body: { type: "presign", fileId: expect.any(String), multipart: null, upload: { method: "PUT" } } });
      const check = await verifyToken(await hmacKey(SECRET), a.body.token, a.body.fileId);
      expect(check).toMatchObject({ ok: true, payload: { fid: a.body.fileId, size: 5, mp: false, exp: a.body.tokenExpiresAt } });

      const put = await fetch(a.body.upload.url, { method: "PUT", headers: a.body.upload.headers, body: "hello" });
      expect(put.status).toBe(200);
      const [, payload, signature] = a.body.token.split(".");
      const forged = `v1.${Buffer.from(JSON.stringify({ fid: a.body.fileId, size: 5, mp: false, exp: a.body.tokenExpiresAt + 9999 })).toString("base64url")}.${signature}`;
      expect((await post({ type: "complete", fileId: a.body.fileId, token: forged })).body.error).toBe("token_invalid");
      expect(await post({ type: "complete", fileId: a.body.fileId, token: b.body.token })).toMatchObject({ status: 403, body: { error: "token_mismatch" } });
      expect(await post({ type: "complete", fileId: a.body.fileId, token: a.body.token })).toMatchObject({ status: 200, body: { type: "complete", file: { fileId: a.body.fileId, status: "uploaded" } } });
      expect(await post({ type: "complete", fileId: a.body.fileId, token: a.body.token })).toMatchObject({ status: 403, body: { error: "token_used" } });
      expect(await post({ type: "abort", fileId: b.body.fileId, token: b.body.token })).toMatchObject({ status: 200, body: { type: "abort", aborted: true } });
      expect(payload).toBeTruthy();
      const get = await fetch(url);
      expect(get.status).toBe(405);
      expect(get.headers.get("allow")).toBe("POST");
    });
  });
}
