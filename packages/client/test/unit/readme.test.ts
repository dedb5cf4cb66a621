// Every code block in README.md that names an example file is that file, byte for byte, so the
// README cannot drift from examples/ (which test/e2e/examples.e2e.test.ts runs).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const blocks = [...readme.matchAll(/<!-- example: (\S+) -->\n```\w*\n([\s\S]*?)```/g)];

describe("README examples", () => {
  it("names every example file", () => {
    expect(blocks.map((b) => b[1])).toEqual(expect.arrayContaining(["examples/upload.mjs", "examples/files.mjs", "examples/errors.mjs", "examples/large.mjs", "examples/stream.mjs", "examples/download.mjs", "examples/directory.mjs"]));
  });
  it.each(blocks.map((b) => [b[1]!, b[2]!]))("%s matches the file", (path, code) => {
    expect(code).toBe(readFileSync(new URL(`../../${path}`, import.meta.url), "utf8"));
  });
});
