// Turns packages/docs/examples/<language>/<operationId>.<ext> into `x-codeSamples` on each operation
// of the bundled spec. The spec itself carries no samples: the examples are runnable programs that
// test/examples.test.ts executes against the dev server, so a sample that stops working fails CI.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

// Order = order of the tabs on the page.
export const LANGUAGES = [
  { dir: "typescript", ext: "ts", lang: "TypeScript", label: "TypeScript" },
  { dir: "python", ext: "py", lang: "Python", label: "Python" },
  { dir: "php", ext: "php", lang: "PHP", label: "PHP" },
];

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

export function operationsOf(spec) {
  const operations = [];
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const method of METHODS) {
      if (item[method]) operations.push({ path, method, operation: item[method] });
    }
  }
  return operations;
}

export function readExample(examplesDir, language, name) {
  const file = join(examplesDir, language.dir, `${name}.${language.ext}`);
  if (!existsSync(file)) return { file, source: null };
  return { file, source: readFileSync(file, "utf8").trimEnd() + "\n" };
}

// Fails (naming every missing file) rather than publishing an operation without its three samples.
export function injectCodeSamples(spec, examplesDir) {
  const missing = [];
  for (const { operation } of operationsOf(spec)) {
    operation["x-codeSamples"] = LANGUAGES.map((language) => {
      const { file, source } = readExample(examplesDir, language, operation.operationId);
      if (source === null) missing.push(file);
      return { lang: language.lang, label: language.label, source };
    });
  }
  if (missing.length) {
    throw new Error(`every operation needs an example per language; missing:\n  ${missing.join("\n  ")}`);
  }
  return spec;
}
