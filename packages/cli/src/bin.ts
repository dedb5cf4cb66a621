import { createRequire } from "node:module";
import { processIo } from "./io.js";
import { run } from "./program.js";

// The version comes from package.json at run time (dist/bin.js sits one level below it).
const { version } = createRequire(import.meta.url)("../package.json") as { version: string };

const code = await run(process.argv, version, processIo());
// Exit explicitly: idle keep-alive sockets must not hold the terminal for seconds after the work
// is done. stdout/stderr are synchronous for files, pipes and TTYs on POSIX, so nothing is lost.
process.exit(code);
