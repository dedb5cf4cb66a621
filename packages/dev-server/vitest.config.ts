import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Generous: a limit only guards a hang; CI runs these beside other packages' suites on 2 cores.
    testTimeout: 180_000,
    hookTimeout: 120_000,
    // Each file starts its own servers; two at a time fits the 2-core machines this runs on.
    maxWorkers: 2,
    // DILNAKA_E2E_PRISM_PROXY=1 is for the SDKs' e2e suites; this suite tests the server itself, off-spec
    // requests included (test/prism-proxy.test.ts turns the proxy on for itself).
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", DILNAKA_E2E_PRISM_PROXY: "" },
  },
});
