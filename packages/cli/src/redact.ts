/**
 * Masks anything that looks like a Dilnaka API key before it reaches the terminal.
 * The client already keeps keys out of its errors; this is the CLI's own guard for every line it
 * prints from an error, so a key echoed by a proxy or a server message is never shown whole.
 */
const API_KEY_PATTERN = /\b(dlk_(?:dev|live)_)[A-Za-z0-9_-]+/g;

export function maskApiKeys(text: string): string {
  return text.replace(API_KEY_PATTERN, (whole, prefix: string) => `${prefix}…${whole.slice(-4)}`);
}
