// Asks the app's onBeforeUpload and applies its answer before anything is presigned: a refusal
// (thrown, or `{ refuse }`) is 403 `upload_refused`, a type outside `allowedContentTypes` 415
// `content_type_refused`, a size over `maxSize` 413 `file_too_large`.

import type { PresignStep } from "../upload-route/wire.js";
import type { RouteSettings, UploadPolicy } from "./options.js";
import { fail, RouteFailure } from "./respond.js";

const MiB = 1024 * 1024;
const mib = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;

/** `image/png` matches `image/png` and `image/*` (case and parameters ignored); `*\/*` matches anything. */
export function typeAllowed(contentType: string, allowed: string[]): boolean {
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  return allowed.some((rule) => {
    const r = rule.trim().toLowerCase();
    return r === type || r === "*/*" || (r.endsWith("/*") && type.startsWith(r.slice(0, -1)));
  });
}

export async function askPolicy(settings: RouteSettings, step: PresignStep, request: Request): Promise<UploadPolicy> {
  const { filename, contentType, size } = step;
  let answer: Awaited<ReturnType<RouteSettings["onBeforeUpload"]>>;
  try {
    answer = await settings.onBeforeUpload({ filename, contentType, size, clientPayload: step.clientPayload ?? null, request });
  } catch (error) {
    if (error instanceof RouteFailure) throw error;
    throw fail(403, "upload_refused", (error as Error)?.message || "This upload is not allowed.");
  }
  if (answer && "refuse" in answer) throw fail(403, "upload_refused", String(answer.refuse || "This upload is not allowed."));
  const policy: UploadPolicy = answer ?? {};
  if (policy.allowedContentTypes && !typeAllowed(contentType, policy.allowedContentTypes)) {
    throw fail(415, "content_type_refused", `${contentType} is not accepted here; allowed are ${policy.allowedContentTypes.join(", ")}.`);
  }
  if (policy.maxSize !== undefined && size > policy.maxSize) {
    throw fail(413, "file_too_large", `${filename} is ${mib(size)}; this route accepts at most ${mib(policy.maxSize)}.`);
  }
  return policy;
}
