// The JSON of spec/upload-route.yaml, shared by the route helper (src/server) and the key-less
// browser uploader (src/browser-uploader.ts): one POST URL, the body's `type` names the step.

import type { CompletedPart } from "../types.js";

export interface PresignStep {
  type: "presign";
  filename: string;
  contentType: string;
  size: number;
  clientPayload?: string | null;
  checksumSha256?: string | null;
}

export interface PresignPartsStep {
  type: "presignParts";
  fileId: string;
  token: string;
  partNumbers: number[];
}

export interface CompleteStep {
  type: "complete";
  fileId: string;
  token: string;
  parts?: CompletedPart[];
}

export interface AbortStep {
  type: "abort";
  fileId: string;
  token: string;
}

export type RouteStep = PresignStep | PresignPartsStep | CompleteStep | AbortStep;

export interface RoutePut {
  url: string;
  method: "PUT";
  headers: Record<string, string>;
  expiresIn: number;
}

export interface Presigned {
  type: "presign";
  fileId: string;
  token: string;
  tokenExpiresAt: number;
  /** The single PUT, or null for multipart. */
  upload: RoutePut | null;
  /** The part plan, or null for a single PUT. */
  multipart: { partSize: number; partCount: number } | null;
}

export interface PartsPresigned {
  type: "presignParts";
  parts: Array<RoutePut & { partNumber: number }>;
}

/** The Dilnaka API's `File` as the route answers it (`fileId`, not the SDK's `id`). */
export interface WireFile {
  fileId: string;
  status: "pending" | "uploaded";
  key: string;
  originalName: string;
  contentType: string;
  size: number;
  publicUrl?: string | null;
  metadata?: Record<string, string>;
  createdAt?: string;
  [field: string]: unknown;
}

export interface Completed {
  type: "complete";
  file: WireFile;
}

export interface Aborted {
  type: "abort";
  fileId: string;
  aborted: boolean;
}

/** The route's own refusals; Dilnaka API codes the route met pass through as they are. */
export type RouteErrorCode =
  | "invalid_request"
  | "method_not_allowed"
  | "upload_refused"
  | "file_too_large"
  | "content_type_refused"
  | "token_invalid"
  | "token_expired"
  | "token_mismatch"
  | "token_used";

export interface RouteError {
  success: false;
  error: string;
  message: string;
}
