import { InvalidArgumentError } from "commander";

/** Commander parser for flags such as `--concurrency 4`: a whole number within [min, max]. */
export function integerIn(min: number, max: number): (value: string) => number {
  return (value: string): number => {
    const trimmed = value.trim();
    const parsed = /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
    if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}, got "${value}".`);
    }
    return parsed;
  };
}
