// Every shared scenario file (spec/scenarios/*.json) must match spec/scenarios/schema.json and use
// unique case names, so a typo in a vector fails here instead of silently testing nothing.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";

const DIR = join(import.meta.dirname, "../../../../spec/scenarios");
const read = (file: string) => JSON.parse(readFileSync(join(DIR, file), "utf8")) as { cases: Array<{ name: string }> };
const validate = new Ajv({ allErrors: true }).compile(read("schema.json"));
const files = readdirSync(DIR).filter((f) => f.endsWith(".json") && f !== "schema.json");

describe("spec/scenarios", () => {
  it("holds the five behaviours", () => expect(files.length).toBeGreaterThanOrEqual(5));
  it.each(files)("%s matches schema.json and names each case once", (file) => {
    const scenario = read(file);
    expect(validate(scenario) ? [] : validate.errors).toEqual([]);
    const names = scenario.cases.map((c) => c.name);
    expect(names.length).toBe(new Set(names).size);
  });
  it("the schema rejects a case without expect", () => {
    expect(validate({ description: "d", cases: [{ name: "n", given: {} }] })).toBe(false);
  });
});
