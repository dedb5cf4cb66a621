import { parseArgs } from "node:util";
import { isPlanName } from "./api/plans.js";
import { startDevServer } from "./server.js";

const USAGE = `Usage: dilnaka-dev-server [--port 4100] [--host 127.0.0.1] [--data-dir .dilnaka-dev] [--faults] [--plan free|pro|usage]
                          [--no-multipart] [--multipart-ttl 86400]

  --no-multipart       act as a backend without the multipart extension (its routes answer 404)
  --multipart-ttl <s>  seconds a multipart upload may stay incomplete before it is aborted

Starts the Dilnaka dev server and prints, once ready:
  DILNAKA_BASE_URL=http://127.0.0.1:<port>
  DILNAKA_API_KEY=dlk_dev_<key>
Environment: S3_ENDPOINT, S3_BUCKET, S3_REGION (+ AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) for an
external store; DATABASE_URL=postgres://… for an external PostgreSQL.`;

function fail(message: string): never {
  process.stderr.write(`dilnaka-dev-server: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  // The AWS SDK warns on every start that future versions need Node 22; this process is ours to quiet.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  let values;
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2).filter((a) => a !== "--"),
      options: {
        port: { type: "string", default: "4100" },
        host: { type: "string", default: "127.0.0.1" },
        "data-dir": { type: "string", default: ".dilnaka-dev" },
        faults: { type: "boolean", default: false },
        plan: { type: "string" },
        "no-multipart": { type: "boolean", default: false },
        "multipart-ttl": { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (err) {
    fail((err as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be 0…65535, got "${values.port}"`);
  if (values.plan !== undefined && !isPlanName(values.plan)) fail(`--plan must be free, pro or usage, got "${values.plan}"`);
  const ttl = values["multipart-ttl"] === undefined ? undefined : Number(values["multipart-ttl"]);
  if (ttl !== undefined && (!Number.isInteger(ttl) || ttl < 1)) {
    fail(`--multipart-ttl must be a whole number of seconds ≥ 1, got "${values["multipart-ttl"]}"`);
  }

  const server = await startDevServer({
    port,
    host: values.host,
    dataDir: values["data-dir"],
    faults: values.faults,
    plan: isPlanName(values.plan) ? values.plan : undefined,
    multipart: !values["no-multipart"],
    multipartTtl: ttl,
  });
  process.stdout.write(`DILNAKA_BASE_URL=${server.baseUrl}\nDILNAKA_API_KEY=${server.apiKey}\n`);

  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    server.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        // e.g. the spec violations seen behind DILNAKA_E2E_PRISM_PROXY=1
        process.stderr.write(`dilnaka-dev-server: ${(err as Error)?.message ?? String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((err: unknown) => {
  process.stderr.write(`dilnaka-dev-server: ${(err as Error)?.message ?? String(err)}\n`);
  process.exit(1);
});
