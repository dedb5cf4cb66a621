import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Builds dist/bin.js from the current sources and starts one dev server for every test file.
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 90_000,
    // Each test spawns the real binary; two files at a time is what two cores can carry.
    maxWorkers: 2,
  },
});
