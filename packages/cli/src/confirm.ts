import { createInterface } from "node:readline/promises";

/**
 * Asks a yes/no question on the terminal; anything but y/yes is "no". Ctrl-C during the question
 * resolves "no" with `interrupted: true`, so the caller can exit 130 without deleting anything.
 */
export async function confirm(
  question: string,
  input: NodeJS.ReadStream,
  output: NodeJS.WriteStream,
): Promise<{ yes: boolean; interrupted: boolean }> {
  const rl = createInterface({ input, output, terminal: true });
  const controller = new AbortController();
  let interrupted = false;
  rl.on("SIGINT", () => {
    interrupted = true;
    controller.abort();
  });
  try {
    const answer = await rl.question(`${question} [y/N] `, { signal: controller.signal });
    return { yes: /^\s*y(es)?\s*$/i.test(answer), interrupted: false };
  } catch {
    output.write("\n");
    return { yes: false, interrupted };
  } finally {
    rl.close();
  }
}
