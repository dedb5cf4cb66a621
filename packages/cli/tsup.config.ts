import { defineConfig } from "tsup";

// One ESM entry: the bin. Dependencies (commander, cli-progress, @dilnaka/client) stay external
// so the installed package reuses them instead of carrying copies.
export default defineConfig({
  entry: { bin: "src/bin.ts" },
  format: ["esm"],
  target: "node20",
  platform: "node",
  clean: true,
  sourcemap: true,
  dts: false,
  banner: { js: "#!/usr/bin/env node" },
  // Loaded lazily by `dilnaka dev` only; never bundled (it is a devDependency, see README).
  external: ["@dilnaka/dev-server"],
});
