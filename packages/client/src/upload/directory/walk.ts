// The files of a tree, in sorted order, as POSIX paths relative to its root. Symlinks are followed
// only when their real path stays inside the root (a link elsewhere, or a broken one, is a failure
// naming the link, never read); a directory reached twice through links is walked once. Unreadable
// entries are failures too, found here, before any request for them.

import { access, constants, readdir, realpath, stat } from "node:fs/promises";
import { join, sep } from "node:path";
import { ValidationError } from "../../errors.js";

export interface Found {
  relative: string;
  path: string;
  size: number;
}

export interface Walk {
  files: Found[];
  /** What cannot be uploaded, by relative path. */
  failures: Array<{ path: string; error: ValidationError }>;
}

export async function walkTree(root: string, wanted: (relative: string) => boolean): Promise<Walk> {
  const realRoot = await realpath(root);
  const out: Walk = { files: [], failures: [] };
  await walk(root, "", realRoot, new Set([realRoot]), wanted, out);
  return out;
}

const inside = (real: string, realRoot: string) => real === realRoot || real.startsWith(realRoot.replace(/[\\/]+$/, "") + sep);
// By code point, as Python's sorted() and PHP's strcmp: the same order in every SDK.
const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

async function walk(dir: string, prefix: string, realRoot: string, seen: Set<string>, wanted: (r: string) => boolean, out: Walk): Promise<void> {
  let entries;
  try {
    entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => byName(a.name, b.name));
  } catch (error) {
    out.failures.push({ path: prefix.replace(/\/$/, "") || ".", error: unreadable(dir, error) });
    return;
  }
  for (const entry of entries) {
    const relative = prefix + entry.name;
    const path = join(dir, entry.name);
    if (entry.isSymbolicLink()) {
      let real;
      try {
        real = await realpath(path);
      } catch (error) {
        if (wanted(relative)) out.failures.push({ path: relative, error: unreadable(path, error) }); // a broken link
        continue;
      }
      if (!inside(real, realRoot)) {
        if (wanted(relative)) out.failures.push({ path: relative, error: escape(path, real) });
        continue;
      }
    }
    let info;
    try {
      info = await stat(path); // follows a link (kept inside the root above)
    } catch (error) {
      if (wanted(relative)) out.failures.push({ path: relative, error: unreadable(path, error) });
      continue;
    }
    if (info.isDirectory()) {
      const real = await realpath(path);
      // A link to a directory already walked (or to an ancestor): once is enough.
      if (!seen.has(real)) {
        seen.add(real);
        await walk(path, `${relative}/`, realRoot, seen, wanted, out);
      }
    } else if (wanted(relative)) {
      if (!info.isFile()) out.failures.push({ path: relative, error: new ValidationError("source", `${relative} is not a regular file: skipped.`) });
      else if (!(await access(path, constants.R_OK).then(() => true, () => false))) out.failures.push({ path: relative, error: unreadable(path, { code: "EACCES" }) });
      else out.files.push({ relative, path, size: info.size });
    }
  }
}

function escape(link: string, real: string): ValidationError {
  return new ValidationError("source", `${link} is a symlink to ${real}, outside the directory being uploaded: not followed.`, {
    code: "symlink_outside",
    hint: "Copy the file into the directory, or upload it on its own.",
  });
}

function unreadable(path: string, error: unknown): ValidationError {
  return new ValidationError("source", `cannot read ${path}: ${(error as { code?: string }).code ?? String(error)}.`, {
    cause: error,
    hint: "Check its permissions, or exclude it.",
  });
}
