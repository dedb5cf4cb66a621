// Resuming from the state file an earlier run left (Node): the rules of spec/upload-state.md
// (scenarios/resume-state.json). A state file for a changed source means its parts are worthless.

import type { UploadContext } from "../index.js";
import type { DilnakaFile } from "../../types.js";
import type { StateStore } from "./state-file.js";
import type { MultipartSession } from "./send.js";
import { abandon } from "./api.js";
import { continueUpload } from "./resume.js";
import type { ChecksumOption } from "../checksum.js";

/** What the state file left by an earlier run lets us continue (undefined: start a new upload). */
export async function resumeFromState(
  ctx: UploadContext,
  store: StateStore,
  source: { size: number; mtimeMs?: number },
  signal: AbortSignal | undefined,
  checksum?: ChecksumOption,
): Promise<MultipartSession | DilnakaFile | undefined> {
  const state = await store.read();
  if (!state) return undefined;
  if (state.source.size !== source.size || !sameMtime(state.source.mtimeMs, source.mtimeMs)) {
    // The file changed since: its old parts are worthless.
    await abandon(ctx, state.fileId);
    return undefined;
  }
  const resumed = await continueUpload(ctx, state.fileId, source.size, signal, true, checksum);
  if (resumed && !("done" in resumed)) await store.remove();
  return resumed;
}


/**
 * spec/upload-state.md: whole milliseconds, except that a stored multiple of 1000 (written by an SDK
 * whose stat has whole seconds, PHP) matches any millisecond within that second.
 */
function sameMtime(stored: number | undefined, current: number | undefined): boolean {
  if (stored === current) return true;
  if (stored === undefined || current === undefined) return false;
  return stored % 1000 === 0 && Math.floor(current / 1000) === stored / 1000;
}
