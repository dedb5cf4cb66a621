// The Content-Type sent when the caller gives none: the one table all three SDKs share
// (spec/content-types.json, generated into src/generated), looked up by the rules of
// spec/scenarios/content-type.json. Callers can always pass `contentType`.

import { CONTENT_TYPES } from "../generated/content-types.js";

export function guessContentType(filename: string): string {
  const base = filename.slice(Math.max(filename.lastIndexOf("/"), filename.lastIndexOf("\\")) + 1);
  const dot = base.lastIndexOf(".");
  // A name whose only dot is its first character (".env") has no extension.
  const ext = dot > 0 ? base.slice(dot + 1).toLowerCase() : "";
  return CONTENT_TYPES[ext] ?? "application/octet-stream";
}
