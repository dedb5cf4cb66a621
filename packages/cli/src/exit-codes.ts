/**
 * The process exit codes of `dilnaka`, shared by the commands, the error reporter and `--help`.
 * Scripts rely on them, so they never change meaning.
 */
export const ExitCode = {
  /** Everything asked for was done. */
  ok: 0,
  /** The API or the storage refused or failed (auth, quota, not found, network, 5xx, ...). */
  apiError: 1,
  /** The command line or its input is wrong: unknown flag, bad value, missing file, missing or malformed API key. */
  usage: 2,
  /** Interrupted with Ctrl-C (128 + SIGINT), after aborting the requests in flight. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The table printed at the end of `dilnaka --help` and of every command's help. */
export const EXIT_CODES_HELP = `Exit codes:
  0    success
  1    API or storage error (authentication, quota, not found, network, server errors)
  2    usage error (unknown flag, bad value, missing file, missing or malformed API key)
  130  interrupted with Ctrl-C (uploads in flight are aborted first)`;
