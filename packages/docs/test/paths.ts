// Where the build puts things (scripts/build.mjs); `pnpm test` builds first.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const pkg = join(dirname(fileURLToPath(import.meta.url)), "..");
export const repo = join(pkg, "../..");
export const dist = join(pkg, "dist");
export const testOutput = join(pkg, "test-output");

function readJson(file: string): any {
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`pnpm --filter @dilnaka/docs build\` first`);
  return JSON.parse(readFileSync(file, "utf8"));
}

/** The spec as bundled from spec/openapi.yaml, before the build adds guides and samples. */
export const bundledSpec = () => readJson(join(pkg, ".cache/openapi.bundled.json"));
/** What the page was built from: the bundle plus guides and x-codeSamples. */
export const docsSpec = () => readJson(join(pkg, ".cache/openapi.docs.json"));

export interface Operation {
  operationId: string;
  summary: string;
  tag: string;
  method: string;
  path: string;
}

export function operationsOf(spec: any): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries<any>(spec.paths)) {
    for (const method of ["get", "put", "post", "delete", "patch"]) {
      const op = item[method];
      if (op) ops.push({ operationId: op.operationId, summary: op.summary, tag: op.tags[0], method, path });
    }
  }
  return ops;
}
