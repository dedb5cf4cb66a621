// The build itself: deterministic, samples injected from the example files (never typed into the
// spec), and it refuses to publish a page with a missing sample, an unexplained error code or a CDN.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { injectCodeSamples, LANGUAGES } from "../scripts/code-samples.mjs";
import { injectGuides } from "../scripts/guides.mjs";
import { makeSelfContained } from "../scripts/offline.mjs";
import { bundledSpec, dist, docsSpec, operationsOf, pkg } from "./paths.js";

const sha256 = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

function build(): Promise<number | null> {
  const child = spawn(process.execPath, [join(pkg, "scripts/build.mjs")], { stdio: "ignore" });
  return new Promise((resolve) => child.on("close", resolve));
}

describe("the docs build", () => {
  it("gives a byte-identical page when run again", async () => {
    const before = sha256(join(dist, "index.html"));
    expect(await build()).toBe(0);
    expect(sha256(join(dist, "index.html"))).toBe(before);
  });

  it("takes every operation's TypeScript, Python and PHP sample from examples/", () => {
    const spec = docsSpec();
    const operations = operationsOf(spec);
    expect(operations.map((op) => op.operationId).sort()).toEqual(operationsOf(bundledSpec()).map((op) => op.operationId).sort());
    for (const op of operations) {
      const samples = spec.paths[op.path][op.method]["x-codeSamples"];
      expect(samples.map((s: { lang: string }) => s.lang)).toEqual(["TypeScript", "Python", "PHP"]);
      LANGUAGES.forEach((language, i) => {
        const file = join(pkg, "examples", language.dir, `${op.operationId}.${language.ext}`);
        expect(samples[i].source).toBe(readFileSync(file, "utf8").trimEnd() + "\n");
      });
    }
  });

  it("shows the example files in the guides that name them", () => {
    const guides = new Map<string, string>(docsSpec().tags.map((t: { name: string; description: string }) => [t.name, t.description]));
    const upload = (dir: string, ext: string) => readFileSync(join(pkg, "examples", dir, `upload.${ext}`), "utf8").trimEnd();
    expect(guides.get("TypeScript")).toContain("```typescript\n" + upload("typescript", "ts"));
    expect(guides.get("Python")).toContain("```python\n" + upload("python", "py"));
    expect(guides.get("PHP")).toContain("```php\n" + upload("php", "php"));
    expect(guides.get("Errors")).not.toContain("<!-- example");
  });

  it("leaves the spec free of samples", () => {
    expect(readFileSync(join(pkg, "../../spec/openapi.yaml"), "utf8")).not.toContain("x-codeSamples");
  });

  it("fails, naming the file, when an operation lacks an example", () => {
    const examples = mkdtempSync(join(tmpdir(), "dilnaka-docs-examples-"));
    try {
      cpSync(join(pkg, "examples"), examples, { recursive: true });
      rmSync(join(examples, "python/getFile.py"));
      expect(() => injectCodeSamples(bundledSpec(), examples)).toThrow(/missing:\n.*python\/getFile\.py/);
    } finally {
      rmSync(examples, { recursive: true, force: true });
    }
  });

  it("fails when the errors guide does not explain an error code of the spec", () => {
    const spec = bundledSpec();
    spec.components.schemas.Error.description += ", `teapot_overflow`.";
    expect(() => injectGuides(spec, join(pkg, "guides"), join(pkg, "examples"))).toThrow(/does not explain: teapot_overflow/);
  });

  it("swaps Redoc's CDN logo for an inline one and refuses any other CDN", () => {
    const page = makeSelfContained('<img src="https://cdn.redoc.ly/redoc/logo-mini.svg">');
    expect(page).toMatch(/^<img src="data:image\/svg\+xml,/);
    expect(() => makeSelfContained('<link href="https://fonts.googleapis.com/css?family=Roboto">')).toThrow(/fonts\.googleapis\.com/);
    expect(readFileSync(join(dist, "index.html"), "utf8")).not.toContain("cdn.redoc.ly");
  });
});
