import { build } from "/work/main/node_modules/.pnpm/bundle-require@5.1.0_esbuild@0.27.7/node_modules/esbuild/lib/main.js";
import { gzipSync } from "node:zlib";
const ext = process.argv[2] === "own" ? ["openapi-fetch"] : [];
const r = await build({ stdin: { contents: 'export { Dilnaka } from "./src/browser.ts"', resolveDir: process.cwd() }, bundle: true, minify: true, format: "esm", write: false, metafile: true, external: ext, platform: "browser", define: { __SDK_VERSION__: "\"0.0.0\"" } });
const code = r.outputFiles[0].text;
console.log("min", code.length, "gz", gzipSync(code, { level: 9 }).length);
const out = Object.values(r.metafile.outputs)[0];
for (const [k, v] of Object.entries(out.inputs)) console.log(k, v.bytesInOutput);
await import("node:fs").then(fs => fs.writeFileSync("/tmp/browser.min.js", code));
