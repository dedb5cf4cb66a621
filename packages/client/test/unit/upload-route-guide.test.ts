// The TypeScript code of the docs guide "Uploading from the browser" (packages/docs/guides/
// browser-uploads.md) type-checks against this package's source, so the guide cannot drift from
// the API it shows. What the snippets leave to the app (a session check, a database, Express) is
// declared here, loosely.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";

const pkg = fileURLToPath(new URL("../../", import.meta.url));
const guide = readFileSync(join(pkg, "../docs/guides/browser-uploads.md"), "utf8");
const snippets = [...guide.matchAll(/```typescript\n([\s\S]*?)```/g)].map((m) => m[1]!);
const dir = mkdtempSync(join(tmpdir(), "dilnaka-guide-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const APP = `
declare module "express" {
  const express: () => { post(path: string, handler: (req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => unknown): void };
  export default express;
}
declare function currentUser(request: Request): Promise<{ id: string } | null>;
declare const db: { attachments: { insert(row: Record<string, unknown>): Promise<void> } };
declare const csrfToken: string;
declare const bar: HTMLProgressElement;
`;

describe("guides/browser-uploads.md", () => {
  it("shows the server route, the Express adapter and the page", () => expect(snippets.length).toBe(3));

  it("type-checks every TypeScript snippet against src/", () => {
    writeFileSync(join(dir, "app.d.ts"), APP);
    const files = snippets.map((code, i) => {
      const file = join(dir, `snippet-${i}.ts`);
      // A snippet that uses the route's options without defining them gets them declared.
      const options = /\boptions\b/.test(code) && !/const options\b/.test(code) ? 'declare const options: import("@dilnaka/client/server").HandleUploadOptions;\n' : "";
      writeFileSync(file, `${options}${code}\nexport {};\n`);
      return file;
    });
    const program = ts.createProgram([...files, join(dir, "app.d.ts"), join(pkg, "src/globals.d.ts")], {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ["lib.es2022.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"],
      types: ["node"],
      typeRoots: [join(pkg, "node_modules/@types")],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      baseUrl: pkg,
      paths: { "@dilnaka/client": ["src/index.ts"], "@dilnaka/client/server": ["src/server/index.ts"] },
    });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file?.fileName.startsWith(dir) ?? true)
      .map((d) => `${d.file ? `${d.file.fileName.slice(dir.length + 1)}:${d.file.getLineAndCharacterOfPosition(d.start!).line + 1} ` : ""}${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
    expect(problems).toEqual([]);
  }, 60_000);
});
