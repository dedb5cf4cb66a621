/**
 * Ctrl-C handling. The first SIGINT aborts the work in flight through an AbortSignal (uploads stop
 * their PUT and the command exits 130 after cleaning up its display); a second one exits at once.
 */
export interface Interrupt {
  signal: AbortSignal;
  /** Removes the handlers; call when the command is done. */
  dispose(): void;
}

export function onInterrupt(onFirst?: () => void): Interrupt {
  const controller = new AbortController();
  const handler = (): void => {
    if (controller.signal.aborted) {
      process.exit(130);
    }
    controller.abort(new Error("interrupted"));
    onFirst?.();
  };
  process.on("SIGINT", handler);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off("SIGINT", handler);
    },
  };
}
