import { readFileSync } from "node:fs";
import { defineConfig } from "tsup";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as { version: string };

export default defineConfig({
  entry: { index: "src/index.ts", browser: "src/browser.ts", server: "src/server/index.ts" },
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  target: "es2022",
  // Each entry bundled on its own: no shared chunk can drag node:* into the browser build.
  splitting: false,
  sourcemap: false,
  treeshake: true,
  define: { __SDK_VERSION__: JSON.stringify(version) },
});
