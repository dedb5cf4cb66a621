// Replaced at build time (tsup `define`, vitest `define`) with the package.json version.
declare const __SDK_VERSION__: string;
