// The resume state file of spec/upload-state.md, byte for byte the format the Python and PHP SDKs
// read and write, so one SDK can resume another's upload: `<stateDir>/uploads/<key>.jsonl`, a
// header line written (temp file, then rename) before the first part, one line appended per stored
// part. Node only (the browser entry has no file system and no resume).

import { createHash } from "node:crypto";
import { appendFile, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import type { MultipartUpload, UploadedPart } from "../../types.js";

/** What names an upload: a state file is found again only for the same values. */
export interface StateIdentity {
  baseURL: string;
  /** Absolute, symlinks not resolved. */
  path: string;
  folder: string;
  filename: string;
  /** The source as it is now: a state file for other values is for a changed file. */
  size: number;
  mtimeMs: number;
}

export interface StateHeader {
  version: 1;
  baseURL: string;
  fileId: string;
  uploadId: string;
  fileKey: string;
  partSize: number;
  partCount: number | null;
  size: number;
  filename: string;
  contentType: string;
  folder: string;
  source: { path: string; size: number; mtimeMs: number };
  createdAt: string;
}

export interface StateStore {
  /** The header of this upload's state file; undefined when there is none, it is unreadable, or not for this identity. */
  read(): Promise<StateHeader | undefined>;
  /** Replaces the state file with a new upload's header. */
  start(upload: MultipartUpload, contentType: string): Promise<void>;
  /** Records a part storage accepted. */
  add(part: UploadedPart): Promise<void>;
  remove(): Promise<void>;
}

/** The state directory: the option, else DILNAKA_STATE_DIR, else the OS's per-user state folder (never the working directory). */
export function stateDir(option: string | undefined, env: Record<string, string | undefined>, platform = process.platform): string {
  if (option) return option;
  if (env.DILNAKA_STATE_DIR) return env.DILNAKA_STATE_DIR;
  if (platform === "darwin") return join(homedir(), "Library", "Application Support", "dilnaka");
  if (platform === "win32") return join(env.LOCALAPPDATA || join(homedir(), "AppData", "Local"), "dilnaka");
  return join(env.XDG_STATE_HOME || join(homedir(), ".local", "state"), "dilnaka");
}

/** `<stateDir>/uploads/<sha256("v1\n<baseURL>\n<path>\n<folder>\n<filename>")>.jsonl` */
export function statePath(dir: string, id: Pick<StateIdentity, "baseURL" | "path" | "folder" | "filename">): string {
  const key = createHash("sha256").update(`v1\n${id.baseURL}\n${id.path}\n${id.folder}\n${id.filename}`, "utf8").digest("hex");
  return join(dir, "uploads", `${key}.jsonl`);
}

export function fileStateStore(id: StateIdentity, dir: string): StateStore {
  const path = statePath(dir, id);
  // Appends one at a time, in the order parts were stored. A line that cannot be written is only
  // a lost hint: a resume asks storage which parts it holds (listUploadParts).
  let appends = Promise.resolve();
  return {
    async read() {
      const text = await readFile(path, "utf8").catch(() => "");
      let header: StateHeader | undefined;
      try {
        header = JSON.parse(text.split("\n", 1)[0]!);
      } catch {
        return undefined;
      }
      const ours =
        header?.version === 1 && header.baseURL === id.baseURL && header.source?.path === id.path && header.folder === id.folder && header.filename === id.filename;
      return ours ? header : undefined;
    },
    async start(upload, contentType) {
      const header: StateHeader = {
        version: 1,
        baseURL: id.baseURL,
        fileId: upload.fileId,
        uploadId: upload.uploadId,
        fileKey: upload.fileKey,
        partSize: upload.partSize,
        partCount: upload.partCount,
        size: id.size,
        filename: id.filename,
        contentType,
        folder: id.folder,
        source: { path: id.path, size: id.size, mtimeMs: id.mtimeMs },
        createdAt: new Date().toISOString(),
      };
      await mkdir(join(dir, "uploads"), { recursive: true, mode: 0o700 });
      const temp = `${path}.${process.pid}.tmp`;
      await writeFile(temp, `${JSON.stringify(header)}\n`, { mode: 0o600 });
      await rename(temp, path);
    },
    add({ partNumber, etag, size }) {
      appends = appends.then(() => appendFile(path, `${JSON.stringify({ partNumber, etag, size })}\n`, { mode: 0o600 })).catch(() => {});
      return appends;
    },
    async remove() {
      await appends;
      await rm(path, { force: true });
    },
  };
}
