import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

// Every directory a test file makes lives under one root, removed when the file's tests are done.
let root: string | undefined;
afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

/** A fresh empty directory (a working directory without .env, or a place for test files). */
export function emptyDir(): string {
  root ??= mkdtempSync(join(tmpdir(), "dilnaka-cli-test-"));
  return mkdtempSync(join(root, "dir-"));
}
