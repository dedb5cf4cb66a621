#!/usr/bin/env node
// Committed launcher for the `dilnaka` bin. It exists before `dist/` is built, so pnpm links the
// command at install time on a fresh clone; the CLI itself is src/bin.ts, built by tsup into dist/.
import "../dist/bin.js";
