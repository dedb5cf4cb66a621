// handleUpload(request, options): the upload route of spec/upload-route.yaml on the Fetch API's
// Request and Response, so the same code runs in Next.js route handlers, Hono, Remix, Deno, Bun and
// Workers (Node's http and Express through toNodeHandler). It holds the secret API key; the page
// holds only short-lived, single-file completion tokens.

import type { RouteStep } from "../upload-route/wire.js";
import { routeSettings, type HandleUploadOptions, type RouteSettings } from "./options.js";
import { parseStep, readBody } from "./parse.js";
import { fail, failureFromError, failureResponse, json } from "./respond.js";
import * as steps from "./steps.js";

export type UploadRoute = (request: Request) => Promise<Response>;

/** The route as a function of the request, its options checked now (ValidationError on a bad one). */
export function createUploadRoute(options: HandleUploadOptions): UploadRoute {
  const settings = routeSettings(options);
  return (request) => serve(settings, request);
}

// Options objects are usually module constants: their checks and the HMAC key are made once.
const routes = new WeakMap<HandleUploadOptions, UploadRoute>();

/** Answers one POST of the browser uploader. Rejects only for bad options (ValidationError). */
export async function handleUpload(request: Request, options: HandleUploadOptions): Promise<Response> {
  let route = routes.get(options);
  if (!route) routes.set(options, (route = createUploadRoute(options)));
  return route(request);
}

async function serve(settings: RouteSettings, request: Request): Promise<Response> {
  if (request.method !== "POST") {
    return failureResponse(fail(405, "method_not_allowed", "The upload route only answers POST."), { Allow: "POST" });
  }
  try {
    const step = parseStep(await readBody(request));
    return json(200, await run(settings, step, request));
  } catch (error) {
    const failure = failureFromError(error);
    if (failure.status >= 500 && failure.cause !== undefined) settings.onError(failure.cause, request);
    return failureResponse(failure);
  }
}

function run(settings: RouteSettings, step: RouteStep, request: Request) {
  switch (step.type) {
    case "presign":
      return steps.presign(settings, step, request);
    case "presignParts":
      return steps.presignParts(settings, step);
    case "complete":
      return steps.complete(settings, step, request);
    case "abort":
      return steps.abort(settings, step);
  }
}
