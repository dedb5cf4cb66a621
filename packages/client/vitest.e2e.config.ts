import { defineConfig, mergeConfig } from "vitest/config";
import base from "./vitest.config.js";

// End-to-end files share one dev server and arm its faults, so they run one after another.
export default mergeConfig(
  base,
  defineConfig({
    test: {
      include: ["test/e2e/**/*.test.ts"],
      globalSetup: ["test/e2e/global-setup.ts"],
      fileParallelism: false,
      testTimeout: 60_000,
    },
  }),
);
