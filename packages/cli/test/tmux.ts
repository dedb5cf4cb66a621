import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";

/**
 * A real terminal for the TTY tests: a detached tmux session on its own server socket (so nothing
 * touches the developer's tmux), driven with send-keys and read with capture-pane.
 */
export class TmuxSession {
  private readonly socket = `dilnaka-cli-${randomUUID().slice(0, 8)}`;
  private readonly name = "cli";

  /** Starts `command` (a shell command line) in a 120×30 terminal. */
  constructor(command: string) {
    this.tmux("new-session", "-d", "-x", "120", "-y", "30", "-s", this.name, command);
  }

  screen(): string {
    return this.tmux("capture-pane", "-p", "-t", this.name);
  }

  sendKeys(...keys: string[]): void {
    this.tmux("send-keys", "-t", this.name, ...keys);
  }

  /** Polls the screen every `everyMs` until `done(screen)` holds; returns every distinct screen seen. */
  async waitFor(done: (screen: string) => boolean, timeoutMs = 30_000, everyMs = 50): Promise<string[]> {
    const seen: string[] = [];
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (seen[seen.length - 1] !== screen) seen.push(screen);
      if (done(screen)) return seen;
      if (Date.now() > deadline) {
        throw new Error(`timed out after ${timeoutMs} ms; last screen:\n${screen}`);
      }
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  }

  kill(): void {
    try {
      this.tmux("kill-server");
    } catch {
      // Already gone: the session's command ended and tmux exited with it.
    }
  }

  private tmux(...args: string[]): string {
    return execFileSync("tmux", ["-L", this.socket, "-f", "/dev/null", ...args], { encoding: "utf8" });
  }
}

/** Quotes a value for the shell command line tmux runs. */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}
