/**
 * Minimal ANSI styling for a TTY. Colour is off when the stream is not a terminal, or when
 * NO_COLOR is set (https://no-color.org), so piped output and logs stay plain text.
 */
export interface Palette {
  green(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
const identity = (text: string): string => text;

export function paletteFor(stream: NodeJS.WritableStream, env: NodeJS.ProcessEnv = process.env): Palette {
  const enabled = (stream as { isTTY?: boolean }).isTTY === true && env.NO_COLOR === undefined && env.TERM !== "dumb";
  if (!enabled) return { green: identity, red: identity, yellow: identity, dim: identity, bold: identity };
  return { green: wrap(32, 39), red: wrap(31, 39), yellow: wrap(33, 39), dim: wrap(2, 22), bold: wrap(1, 22) };
}
