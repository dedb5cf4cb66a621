import { Dilnaka, type DilnakaWarning } from "@dilnaka/client";

/** The options every command accepts (declared once on the root program). */
export interface GlobalOptions {
  apiKey?: string;
  baseUrl?: string;
  envFile?: string;
}

/**
 * Builds the SDK client from the global flags. Only flags the user actually gave are passed, so the
 * client's own precedence (option > environment > `.env` > default) decides everything else:
 * the CLI does not re-implement it.
 */
export function createClient(options: GlobalOptions, stderr: NodeJS.WritableStream = process.stderr): Dilnaka {
  return new Dilnaka({
    ...(options.apiKey !== undefined && { apiKey: options.apiKey }),
    ...(options.baseUrl !== undefined && { baseURL: options.baseUrl }),
    ...(options.envFile !== undefined && { envFile: options.envFile }),
    onWarning: (warning: DilnakaWarning) => {
      stderr.write(`warning: ${warning.code}: ${warning.message}\n`);
    },
  });
}
