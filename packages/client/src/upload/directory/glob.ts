// The `include` / `exclude` patterns of uploadDirectory, over POSIX relative paths: `*` within one
// segment, `**` across segments (`**/` also matches no directory at all, so `**/*.txt` matches
// `a.txt` and `x/y/a.txt`), `?` one character but `/`; everything else literal; a leading `/` is
// ignored. The same rules in every SDK, so one pattern list selects the same files everywhere.

import { ValidationError } from "../../errors.js";

export function globToRegExp(pattern: string): RegExp {
  let out = "";
  for (let i = 0; i < pattern.length; ) {
    if (pattern.startsWith("**/", i)) {
      out += "(?:[^/]*/)*";
      i += 3;
    } else if (pattern.startsWith("**", i)) {
      out += ".*";
      i += 2;
    } else {
      const c = pattern[i++]!;
      out += c === "*" ? "[^/]*" : c === "?" ? "[^/]" : c.replace(/[\\^$.|+()[\]{}]/g, "\\$&");
    }
  }
  return new RegExp(`^${out}$`, "s");
}

function compile(name: string, patterns: unknown): RegExp[] | undefined {
  if (patterns === undefined) return undefined;
  if (!Array.isArray(patterns) || !patterns.every((p) => typeof p === "string" && p !== "")) {
    throw new ValidationError(name, `uploadDirectory: ${name} must be a list of glob patterns such as ["**/*.jpg"].`);
  }
  return patterns.map((p: string) => globToRegExp(p.replace(/^\/+/, "")));
}

/** Whether a relative path is wanted: matched by `include` (when given) and by no `exclude`. */
export function pathFilter(include: unknown, exclude: unknown): (relative: string) => boolean {
  const wanted = compile("include", include);
  const unwanted = compile("exclude", exclude) ?? [];
  return (relative) => (!wanted || wanted.some((p) => p.test(relative))) && !unwanted.some((p) => p.test(relative));
}
