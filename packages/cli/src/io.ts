/** The streams a command talks to, and whether a person is watching them. */
export interface Io {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  /** Both output streams are terminals: live progress and colour make sense. */
  interactive: boolean;
  /** A person can answer a question (stdin and stderr are terminals). */
  canPrompt: boolean;
}

export function processIo(): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    interactive: process.stdout.isTTY === true && process.stderr.isTTY === true,
    canPrompt: process.stdin.isTTY === true && process.stderr.isTTY === true,
  };
}
