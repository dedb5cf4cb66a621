import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The package root (the folder holding this package's package.json), found by walking up from this
 * module: the same code runs from `src/` through tsx and from `dist/` once built.
 */
export const packageRoot: string = findUp(dirname(fileURLToPath(import.meta.url)), "package.json");

/** `spec/openapi.yaml` of the monorepo: the single source of truth the server validates against. */
export const specPath: string = join(findUp(packageRoot, "spec/openapi.yaml"), "spec/openapi.yaml");

export const migrationsDir: string = join(packageRoot, "migrations");

function findUp(start: string, entry: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, entry))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`Cannot find ${entry} above ${start}`);
    dir = parent;
  }
}
