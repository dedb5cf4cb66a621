import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { client } from "./helpers/api.js";
import { download, patternStream, sha256OfStream } from "./helpers/bytes.js";
import { type CliServer, signalGroup, startCli } from "./helpers/cli.js";
import { uploadFile } from "./helpers/upload.js";

const dir = mkdtempSync(join(tmpdir(), "dilnaka-kill9-"));
const started: CliServer[] = [];
afterAll(() => {
  for (const s of started) signalGroup(s, "SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

it("keeps every completed file across kill -9 and a restart on the same data dir", async () => {
  const first = await startCli(["--port", "0", "--data-dir", dir]);
  started.push(first);
  const api = client(first.baseUrl, first.apiKey);
  const files = [];
  for (const size of [0, 1, 70_000, 3 * 1024 * 1024]) files.push(await uploadFile(api, size));
  const pending = await api.presign({ filename: "never-sent.txt", contentType: "text/plain", size: 3 });

  signalGroup(first, "SIGKILL");
  expect((await first.exited).signal).toBe("SIGKILL");

  const second = await startCli(["--port", "0", "--data-dir", dir]);
  started.push(second);
  expect(second.apiKey).toBe(first.apiKey);
  const again = client(second.baseUrl, second.apiKey);
  const { body: list } = await again.list("?status=all"); // pending uploads are listed only when asked
  const byId = new Map(list.files.map((f: { fileId: string }) => [f.fileId, f]));
  expect(byId.get(pending.body.fileId)).toMatchObject({ status: "pending" });
  for (const f of files) {
    expect(byId.get(f.fileId)).toMatchObject({ status: "uploaded", size: f.size, key: f.key });
    const { body: access } = await again.accessUrl(f.fileId);
    const got = await download(access.url);
    expect(got.status).toBe(200);
    expect(got.sha256).toBe(await sha256OfStream(patternStream(f.size, f.seed)));
  }
  signalGroup(second, "SIGTERM");
  const exit = await second.exited;
  expect(exit.code === 0 || exit.signal === "SIGTERM").toBe(true);
});
