// `@dilnaka/client/server`: the upload route that lets browsers upload without the secret key
// (spec/upload-route.yaml). Web-standard (Fetch API, WebCrypto, no node:* imports) for any runtime,
// with toNodeHandler for Node's http and Express.

export { handleUpload, createUploadRoute, type UploadRoute } from "./handle-upload.js";
export { toNodeHandler, toWebRequest } from "./node.js";
export type {
  HandleUploadOptions, RouteClient, BeforeUploadContext, UploadPolicy, UploadRefusal, UploadCompletedContext,
} from "./options.js";
export type * from "../upload-route/wire.js";
export { signToken, verifyToken, hmacKey, type TokenPayload, type TokenCheck, type TokenRefusal } from "../upload-route/token.js";
export { ValidationError } from "../errors.js";
