#!/usr/bin/env node
// A web app whose visitors upload straight to Dilnaka storage without ever seeing the API key.
//
//   DILNAKA_API_KEY=dlk_dev_… DILNAKA_ROUTE_TOKEN_SECRET=$(openssl rand -base64 48) \
//     node examples/browser-upload/server.mjs        # then open the printed URL
//
// GET /          the page (index.html): pick a file, watch the progress, see the stored file
// GET /sdk.js    @dilnaka/client's browser build (a real app gets it from its bundler)
// POST /api/upload  the upload route: the key stays here; the page gets one-file, short-lived tokens
//
// Env: DILNAKA_API_KEY, DILNAKA_BASE_URL (the dev server's URL, for example), DILNAKA_ROUTE_TOKEN_SECRET
// (≥ 32 bytes), PORT (default 3000; 0 picks a free one), HOST (default 127.0.0.1), and, to see
// multipart with small files, UPLOAD_MULTIPART_THRESHOLD_MIB / UPLOAD_PART_SIZE_MIB.
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Dilnaka } from "@dilnaka/client";
import { createUploadRoute, toNodeHandler } from "@dilnaka/client/server";

const MiB = 1024 * 1024;
const env = process.env;
const page = readFileSync(new URL("./index.html", import.meta.url));
// The browser build, found the way a bundler would (the package's `browser` condition).
const sdk = readFileSync(createRequire(import.meta.url).resolve("@dilnaka/client/package.json").replace(/package\.json$/, "dist/browser.js"));

const client = new Dilnaka({ apiKey: env.DILNAKA_API_KEY, baseURL: env.DILNAKA_BASE_URL });
const route = createUploadRoute({
  client,
  tokenSecret: env.DILNAKA_ROUTE_TOKEN_SECRET ?? "",
  // Who may upload what: this is where a real app checks its session cookie.
  onBeforeUpload: ({ clientPayload }) => {
    const { album } = JSON.parse(clientPayload ?? "{}");
    if (typeof album !== "string" || !/^[\w-]{1,40}$/.test(album)) return { refuse: "Pick an album first." };
    return {
      allowedContentTypes: ["image/*", "video/*", "application/pdf", "application/octet-stream"],
      maxSize: 200 * MiB,
      folder: `albums/${album}`,
      metadata: { album },
      multipartThreshold: Number(env.UPLOAD_MULTIPART_THRESHOLD_MIB ?? 64) * MiB,
      partSize: env.UPLOAD_PART_SIZE_MIB ? Number(env.UPLOAD_PART_SIZE_MIB) * MiB : undefined,
    };
  },
  onUploadCompleted: (file) => console.log(`stored ${file.id} ${file.key} (${file.size} bytes)`),
});
const uploadRoute = toNodeHandler(route);

const server = createServer((req, res) => {
  const path = new URL(req.url ?? "/", "http://x").pathname;
  if (path === "/api/upload") return uploadRoute(req, res);
  if (req.method === "GET" && path === "/") return res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page);
  if (req.method === "GET" && path === "/sdk.js") return res.writeHead(200, { "content-type": "text/javascript" }).end(sdk);
  res.writeHead(404, { "content-type": "text/plain" }).end("not found");
});
server.listen(Number(env.PORT ?? 3000), env.HOST ?? "127.0.0.1", () => {
  const { address, port } = server.address();
  console.log(`browser-upload example on http://${address}:${port}/`);
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
