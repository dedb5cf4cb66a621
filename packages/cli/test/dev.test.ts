import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startDev } from "./dev-server-process.js";
import { binPath, emptyDir, runCli } from "./run-cli.js";

describe("dilnaka dev", () => {
  it("prints the export lines, serves the API with that key, and stops cleanly on Ctrl-C", async () => {
    const cwd = emptyDir();
    const dev = await startDev(binPath, ["--port", "0", "--data-dir", "dev-data"], cwd);
    try {
      expect(dev.stdout()).toMatch(/^export DILNAKA_BASE_URL=http:\/\/127\.0\.0\.1:\d+\nexport DILNAKA_API_KEY=dlk_dev_\S+\n$/);
      expect(dev.stderr()).toContain(`(data in ${join(cwd, "dev-data")}). Ctrl-C to stop.`);
      expect((await fetch(`${dev.vars.DILNAKA_BASE_URL}/healthz`)).status).toBe(200);
      // The printed key works as printed, and fault injection is off without --faults.
      const listed = await runCli(["ls", "--json"], { env: dev.vars });
      expect(listed.code).toBe(0);
      expect(JSON.parse(listed.stdout)).toEqual([]);
      expect((await fetch(`${dev.vars.DILNAKA_BASE_URL}/__dev/faults`, { method: "DELETE" })).ok).toBe(false);
    } finally {
      expect(await dev.stop("SIGINT")).toEqual({ code: 0, signal: null });
    }
    expect(existsSync(join(cwd, "dev-data")) && readdirSync(join(cwd, "dev-data")).length).toBeGreaterThan(0);
  });

  it("`dev --plan` accepts only the dev server's plans", async () => {
    const result = await runCli(["dev", "--plan", "gold"]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain("Allowed choices are free, pro, usage.");
  });
});
