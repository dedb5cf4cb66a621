#!/usr/bin/env node
// Fails when the browser build (the `browser` and `default` export conditions) imports a Node
// built-in (bundlers for browsers and edge runtimes cannot resolve node:fs, node:http, …) or
// openapi-fetch (2.3 kB min+gz: the browser entry uses src/transport/fetch-client.ts instead, to
// stay within its 8 kB budget; .size-limit.json measures it).
import { readFileSync } from "node:fs";

const builtins = /\b(?:from\s*|import\s*\(\s*|require\s*\(\s*)["'](node:[\w/]+|(?:fs|http|https|path|os|stream|net|tls|crypto|child_process)(?:\/\w+)?)["']/g;
let failed = false;
// The upload route (`@dilnaka/client/server`) is held to the same rule: Workers, Deno and edge
// route handlers load it too.
for (const file of ["dist/browser.js", "dist/browser.cjs", "dist/server.js", "dist/server.cjs"]) {
  const code = readFileSync(file, "utf8");
  const found = [...code.matchAll(builtins)].map((m) => m[1]);
  if (/["']openapi-fetch["']/.test(code)) found.push("openapi-fetch");
  if (found.length > 0) {
    console.error(`${file} imports ${[...new Set(found)].join(", ")}`);
    failed = true;
  } else {
    console.log(`${file}: no Node built-ins, no openapi-fetch`);
  }
}
process.exit(failed ? 1 : 0);
