import { AbortError, AuthenticationError, ConfigError, NotFoundError, StorageError, ValidationError } from "@dilnaka/client";
import { describe, expect, it } from "vitest";
import { mapWithConcurrency } from "../src/concurrency.js";
import { describeError, UsageError } from "../src/errors.js";
import { fitName, formatBytes, formatDuration, formatElapsed, formatRate } from "../src/format.js";
import { summaryLine } from "../src/render/upload-plain.js";
import type { UploadOutcome } from "../src/render/upload-reporter.js";
import { maskApiKeys } from "../src/redact.js";
import { Speedometer } from "../src/render/speedometer.js";
import { renderTable } from "../src/render/table.js";

describe("formatting", () => {
  it("sizes, rates and times read like a person writes them", () => {
    expect([0, 1023, 1536, 5 * 1024 ** 2, 3 * 1024 ** 3].map(formatBytes)).toEqual(["0 B", "1023 B", "1.5 KiB", "5.0 MiB", "3.0 GiB"]);
    expect(formatRate(0)).toBe("-- B/s");
    expect(formatRate(2.5 * 1024 ** 2)).toBe("2.5 MiB/s");
    expect([7, 65, 3723, Number.POSITIVE_INFINITY].map(formatDuration)).toEqual(["0:07", "1:05", "1:02:03", "--:--"]);
    expect([0.42, 12, 75].map(formatElapsed)).toEqual(["0.4s", "12.0s", "1:15"]);
  });

  it("long names keep their end", () => {
    expect(fitName("a.txt", 8)).toBe("a.txt   ");
    expect(fitName("some/deep/folder/photo.png", 12)).toBe("…r/photo.png");
  });
});

describe("Speedometer", () => {
  it("measures over the recent window, and gives an ETA from it", () => {
    let now = 0;
    const meter = new Speedometer(3000, () => now);
    meter.record(0);
    now = 1000;
    expect(meter.record(1_000_000)).toBe(1_000_000);
    now = 5000; // the first sample falls out of the 3 s window: only the recent rate counts
    expect(meter.record(2_000_000)).toBe(250_000);
    expect(meter.eta(500_000)).toBe(2);
  });

  it("has no ETA before it has a rate", () => {
    const meter = new Speedometer(3000, () => 0);
    meter.record(0);
    expect(meter.eta(10)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe("renderTable", () => {
  it("aligns columns, right-aligns numbers, and trims trailing blanks", () => {
    const lines = renderTable<[string, string]>(
      [
        { header: "ID", value: (r) => r[0] },
        { header: "SIZE", value: (r) => r[1], align: "right" },
      ],
      [
        ["a", "1 B"],
        ["longer-id", "10.0 MiB"],
      ],
    );
    expect(lines).toEqual(["ID             SIZE", "a               1 B", "longer-id  10.0 MiB"]);
  });
});

describe("maskApiKeys", () => {
  it("keeps the prefix and last four characters only", () => {
    expect(maskApiKeys("key dlk_live_abcdefghijkl9876 and dlk_dev_xyz_0001!")).toBe("key dlk_live_…9876 and dlk_dev_…0001!");
    expect(maskApiKeys("no key here")).toBe("no key here");
  });
});

describe("describeError", () => {
  it("maps the client's errors to the documented exit codes, with the hint on the same line", () => {
    expect(describeError(new NotFoundError("404 not_found: File not found.", { status: 404, hint: "Check the id." }))).toEqual({
      line: "404 not_found: File not found. Hint: Check the id.",
      exitCode: 1,
    });
    expect(describeError(new StorageError("storage answered 503", { status: 503, hint: "Retry later." })).exitCode).toBe(1);
    expect(describeError(new ValidationError("expiresIn", "expiresIn must be > 0")).exitCode).toBe(2);
    expect(describeError(new ConfigError("x", { code: "missing_api_key" })).line).toMatch(/^Missing Dilnaka API key\. Hint: .*--api-key/);
    expect(describeError(new UsageError("bad", "fix it"))).toEqual({ line: "bad. Hint: fix it", exitCode: 2 });
    expect(describeError(new AbortError("aborted")).exitCode).toBe(130);
  });

  it("speaks of flags and variables, not of the SDK's options", () => {
    const line = describeError(new AuthenticationError("getFile GET /v1/files/f1 failed: 401 unauthorized: bad key", { status: 401, hint: "Check the API key (DILNAKA_API_KEY or the apiKey option): missing." })).line;
    expect(line).toBe("getFile GET /v1/files/f1 failed: 401 unauthorized: bad key. Hint: Check the API key (DILNAKA_API_KEY or --api-key): missing.");
    expect(describeError(new ConfigError("Invalid base URL", { code: "x", hint: "Set baseURL (DILNAKA_BASE_URL) to an http(s) URL." })).line).toContain("Set --base-url (DILNAKA_BASE_URL)");
  });

  it("never lets a key through, even when a server echoes it", () => {
    const error = new NotFoundError("404: no app for dlk_live_secretsecret1234", { status: 404 });
    // Every error has a hint (the class's when the thrower gives none), printed after the message.
    expect(describeError(error).line).toBe(`404: no app for dlk_live_…1234. Hint: ${error.hint}`);
  });
});

describe("mapWithConcurrency", () => {
  it("keeps at most `limit` tasks in flight, keeps order, and runs past failures", async () => {
    let inFlight = 0;
    let peak = 0;
    const results = await mapWithConcurrency([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5 * (8 - n)));
      inFlight -= 1;
      if (n === 2) throw new Error("two");
      return n * 10;
    });
    expect(peak).toBe(3);
    expect(results.map((r) => (r?.status === "fulfilled" ? r.value : (r?.reason as Error).message))).toEqual([10, "two", 30, 40, 50, 60, 70]);
  });

  it("starts nothing new once told to stop", async () => {
    let stop = false;
    const started: number[] = [];
    const results = await mapWithConcurrency([1, 2, 3, 4], 1, async (n) => {
      started.push(n);
      stop = n === 2;
      return n;
    }, () => stop);
    expect(started).toEqual([1, 2]);
    expect(results[2]).toBeUndefined();
  });
});

describe("summaryLine", () => {
  it("gives a rate only when bytes moved: never '(0 B in 1.4s, -- B/s)'", () => {
    const failedOne = { item: { path: "a.txt", size: 0 }, error: new Error("x") } as unknown as UploadOutcome;
    expect(summaryLine({ outcomes: [failedOne], elapsedMs: 1400, interrupted: false })).toBe("0 uploaded, 1 failed (0 B in 1.4s)");
    const uploaded = { item: { path: "b.bin", size: 2 * 1024 ** 2 }, file: {} } as unknown as UploadOutcome;
    expect(summaryLine({ outcomes: [uploaded], elapsedMs: 1000, interrupted: false })).toBe("1 uploaded (2.0 MiB in 1.0s, 2.0 MiB/s)");
  });
});
