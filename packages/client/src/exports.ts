// What both entries export besides their own `Dilnaka` class.

export {
  DilnakaError,
  ConfigError,
  ValidationError,
  SourceNotFoundError,
  ConnectionError,
  TimeoutError,
  AbortError,
  APIError,
  BadRequestError,
  AuthenticationError,
  QuotaExceededError,
  PaymentRequiredError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  PayloadTooLargeError,
  UnprocessableEntityError,
  RateLimitError,
  InternalServerError,
  StorageError,
  IntegrityError,
} from "./errors.js";
export type { DilnakaErrorInit } from "./errors.js";
export { DEFAULT_BASE_URL } from "./config.js";
export type { DilnakaOptions, DilnakaWarning } from "./config.js";
export type {
  DilnakaFile, PresignedUpload, FileAccessUrl, DeleteFileResult, FilePage,
  MultipartUpload, PresignedPart, UploadPartList, UploadedPart, CompletedPart, AbortUploadResult,
} from "./types.js";
export type { ListFilesOptions, AccessUrlOptions, RequestOptions } from "./files.js";
export type { PresignOptions, CreateMultipartOptions, CompleteOptions, PresignPartsOptions } from "./client.js";
export type { UploadOptions } from "./upload/index.js";
export type { UploadProgress, StreamUploadProgress } from "./upload/progress.js";
export { planUpload } from "./upload/multipart/plan.js";
export type { PlanOptions, UploadPlan } from "./upload/multipart/plan.js";
export type { ResumeOptions } from "./upload/multipart/resume.js";
export type { BinarySource } from "./upload/source.js";
export type { paths, components, operations } from "./generated/schema.js";
export type { DownloadOptions, DownloadResult } from "./download/index.js";
