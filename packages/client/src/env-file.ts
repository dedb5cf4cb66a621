// Node only: finds and reads the `.env` file by the rules all three SDKs share
// (spec/scenarios/dotenv.json). The browser entry has no file system and reads none.

import { readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseDotEnv, type EnvFileValues } from "./config.js";

/**
 * `envFile` undefined: the nearest regular file named `.env` in `cwd` or its parents (one file,
 * never merged: an app keeps its `.env` at its root and runs from subfolders). A named file is read
 * as named, relative to `cwd`. A file that is missing or unreadable adds nothing; `unreadable` names
 * it so that a missing API key can say which file was not there.
 */
export function loadEnvFile(envFile: string | false | undefined, cwd: string = process.cwd()): EnvFileValues {
  if (envFile === false) return { values: {} };
  if (envFile !== undefined) {
    const path = resolve(cwd, envFile);
    const text = readText(path);
    return text === null ? { values: {}, unreadable: path } : { values: parseDotEnv(text) };
  }
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const text = readText(join(dir, ".env"));
    if (text !== null) return { values: parseDotEnv(text) };
    if (dirname(dir) === dir) return { values: {} };
  }
}

function readText(path: string): string | null {
  try {
    return statSync(path).isFile() ? readFileSync(path, "utf8") : null;
  } catch {
    return null; // missing, or not readable by this process
  }
}
