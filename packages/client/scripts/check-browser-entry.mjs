#!/usr/bin/env node
// Fails when the browser build (the `browser` and `default` export conditions) imports a Node
// built-in: bundlers for browsers and edge runtimes cannot resolve node:fs, node:http, ….
import { readFileSync } from "node:fs";

const builtins = /\b(?:from\s*|import\s*\(\s*|require\s*\(\s*)["'](node:[\w/]+|(?:fs|http|https|path|os|stream|net|tls|crypto|child_process)(?:\/\w+)?)["']/g;
let failed = false;
for (const file of ["dist/browser.js", "dist/browser.cjs"]) {
  const found = [...readFileSync(file, "utf8").matchAll(builtins)].map((m) => m[1]);
  if (found.length > 0) {
    console.error(`${file} imports Node built-ins: ${[...new Set(found)].join(", ")}`);
    failed = true;
  } else {
    console.log(`${file}: no Node built-ins`);
  }
}
process.exit(failed ? 1 : 0);
