import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Builds dist/bin.js from the current sources and starts one dev server for every test file.
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 90_000,
    // One file at a time: the files share one dev server, and the faults some tests arm there
    // (`/__dev/faults`) are consumed by the next matching request, whichever test sends it.
    fileParallelism: false,
  },
});
