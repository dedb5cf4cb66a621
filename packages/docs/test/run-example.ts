// Runs one example program the way a user would (its own process, config from the environment),
// with nothing inherited from the developer's DILNAKA_* settings or a stray .env.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pkg, repo } from "./paths.js";

export interface Language {
  dir: "typescript" | "python" | "php";
  ext: string;
  /** The SDK package: its language is skipped only while this does not exist yet. */
  sdk: string;
  command(file: string): [string, string[]];
}

const PHP_PACKAGE = join(repo, "packages/php");

export const LANGUAGES: Language[] = [
  {
    dir: "typescript",
    ext: "ts",
    sdk: join(repo, "packages/client/package.json"),
    // @dilnaka/client resolves from packages/docs/node_modules (a workspace devDependency, built first).
    command: (file) => [join(pkg, "node_modules/.bin/tsx"), [file]],
  },
  {
    dir: "python",
    ext: "py",
    sdk: join(repo, "packages/python/pyproject.toml"),
    command: (file) => [join(repo, ".venv/bin/python"), [file]],
  },
  {
    dir: "php",
    ext: "php",
    sdk: join(repo, "packages/php/composer.json"),
    // The examples `require 'vendor/autoload.php'` as a Composer project does: the include path finds
    // the PHP package's, and its test bootstrap adds Debian's Guzzle (Packagist is unreachable here).
    command: (file) => [
      "php",
      [
        "-d", `include_path=.:${PHP_PACKAGE}:/usr/share/php`,
        "-d", `auto_prepend_file=${join(PHP_PACKAGE, "tests/bootstrap.php")}`,
        file,
      ],
    ],
  },
];

export const sdkExists = (language: Language) => existsSync(language.sdk);

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs examples/<language>/<name>.<ext> in `cwd` with exactly `env` (plus PATH and HOME). */
export function runExample(language: Language, name: string, cwd: string, env: Record<string, string>): Promise<Run> {
  const [command, args] = language.command(join(pkg, "examples", language.dir, `${name}.${language.ext}`));
  const child = spawn(command, args, {
    cwd,
    // No __pycache__ written next to the examples.
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? cwd, PYTHONDONTWRITEBYTECODE: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
