import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { specPath } from "../paths.js";

/**
 * The e2e switch `DILNAKA_E2E_PRISM_PROXY=1` (issue #17): every SDK's real traffic is checked against
 * spec/openapi.yaml by `prism proxy --errors` between the SDK and the dev server. The SDK is handed
 * the URL of a small front instead of the API's:
 *
 *   SDK → front → prism proxy --errors → dev server API
 *          └─ /__dev/* and /healthz straight to the API (test controls, not in the spec)
 *
 * Prism answers a request that breaks the spec with its own 422/400 (problem+json) instead of
 * forwarding it, a response that breaks it with a 500 (or passes it on marked `sl-violations`, for an
 * undeclared status), and turns a connection reset of the API into a 500. The front answers every
 * violation to the SDK as `418 spec_violation` naming it (a status no SDK retries, so the call fails
 * at once and the test with it), records it (stop() and the CLI's exit report them, so a test that
 * tolerated the error still fails the run), and turns Prism's 500 for a reset back into a reset, so
 * the dev server's `reset` fault still reaches the SDK as a reset. Every answer that passed Prism
 * carries `X-Dilnaka-Spec-Check: prism proxy --errors`, so a suite can assert the proxy is in its path.
 */
export interface PrismProxy {
  /** What the SDK gets as its base URL. */
  url: string;
  /** Spec violations seen so far, one line each. */
  violations(): string[];
  stop(): Promise<void>;
}

export function prismProxyRequested(env: NodeJS.ProcessEnv): boolean {
  return env.DILNAKA_E2E_PRISM_PROXY === "1";
}

const PRISM_ERROR = "https://stoplight.io/prism/errors#";
/** On every API response that passed Prism (not on /__dev/* or /healthz). */
export const SPEC_CHECK_HEADER = "x-dilnaka-spec-check";
export const SPEC_CHECK_MARK = "prism proxy --errors";

function prismBin(): string {
  const bin = join(dirname(dirname(specPath)), "node_modules/.bin/prism");
  if (!existsSync(bin)) throw new Error(`DILNAKA_E2E_PRISM_PROXY=1 needs Prism at ${bin} (pnpm install at the repo root)`);
  return bin;
}

function listen(server: http.Server, host: string): Promise<number> {
  return new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(0, host, () => ok((server.address() as AddressInfo).port));
  });
}

async function freePort(host: string): Promise<number> {
  const probe = http.createServer();
  const port = await listen(probe, host);
  await new Promise((ok) => probe.close(ok));
  return port;
}

async function waitForPrism(url: string, prism: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (prism.exitCode !== null) throw new Error(`prism proxy exited with ${prism.exitCode}: ${log()}`);
    try {
      await fetch(`${url}/v1/files`, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`prism proxy did not answer within 90 s: ${log()}`);
}

/** Forwards one request to `target` and hands the answer to `onAnswer` (null: the target reset). */
function forward(req: http.IncomingMessage, target: string, onAnswer: (res: http.IncomingMessage | null, body: Buffer) => void): void {
  const out = http.request(target + req.url, { method: req.method, headers: req.headers, agent: false }, (res) => {
    const chunks: Buffer[] = [];
    res.on("data", (c: Buffer) => chunks.push(c));
    res.on("end", () => onAnswer(res, Buffer.concat(chunks)));
    res.on("error", () => onAnswer(null, Buffer.alloc(0)));
  });
  out.on("error", () => onAnswer(null, Buffer.alloc(0)));
  req.pipe(out);
}

export async function startPrismProxy(apiUrl: string, host: string): Promise<PrismProxy> {
  const urlHost = host.includes(":") ? `[${host}]` : host;
  const prismPort = await freePort(host);
  const prismUrl = `http://${urlHost}:${prismPort}`;
  const prism = spawn(prismBin(), ["proxy", specPath, apiUrl, "-h", host, "-p", String(prismPort), "--errors", "-v", "warn"], {
    detached: true, // its own group: stopping it stops every process it started
    stdio: ["ignore", "ignore", "pipe"],
  });
  let prismLog = "";
  prism.stderr!.on("data", (d) => (prismLog = (prismLog + d).slice(-8000)));
  const stopPrism = () => {
    try {
      if (prism.exitCode === null) process.kill(-prism.pid!, "SIGTERM");
    } catch {
      /* already gone */
    }
  };
  process.once("exit", stopPrism);

  const seen: string[] = [];
  const front = http.createServer((req, res) => {
    const direct = req.url?.startsWith("/__dev/") || req.url === "/healthz";
    forward(req, direct ? apiUrl : prismUrl, (answer, body) => {
      if (!answer) return void res.destroy(); // the API reset the connection: so does the front
      const text = body.toString("utf8");
      const problem = /application\/problem\+json/.test(String(answer.headers["content-type"]));
      if (!direct && problem && /"type":"FetchError"/.test(text)) return void res.destroy(); // Prism's 500 for a reset
      const violation = direct ? null : violationOf(req, answer, problem, text);
      if (violation) {
        seen.push(violation);
        const message = `The request or response breaks spec/openapi.yaml (prism proxy --errors): ${violation}`;
        res.writeHead(418, {
          "Content-Type": "application/json",
          "X-Request-Id": String(answer.headers["x-request-id"] ?? "req_prism"),
          [SPEC_CHECK_HEADER]: SPEC_CHECK_MARK,
        });
        return void res.end(JSON.stringify({ success: false, error: "spec_violation", message }));
      }
      // The mark lets an SDK's e2e suite prove its traffic really passes Prism when the switch is on.
      res.writeHead(answer.statusCode ?? 502, direct ? answer.headers : { ...answer.headers, [SPEC_CHECK_HEADER]: SPEC_CHECK_MARK });
      res.end(body);
    });
  });
  try {
    await waitForPrism(prismUrl, prism, () => prismLog);
  } catch (err) {
    stopPrism();
    throw err;
  }
  const port = await listen(front, host);
  return {
    url: `http://${urlHost}:${port}`,
    violations: () => [...seen],
    async stop() {
      await new Promise<void>((ok) => {
        front.close(() => ok());
        front.closeAllConnections();
      });
      stopPrism();
    },
  };
}

/** A violation is Prism's own error answer, or a response it forwarded with `sl-violations`. */
function violationOf(req: http.IncomingMessage, res: http.IncomingMessage, problem: boolean, text: string): string | null {
  const where = `${req.method} ${req.url?.split("?")[0]} → ${res.statusCode}`;
  if (problem && text.includes(PRISM_ERROR)) return `${where}: ${text.slice(0, 800)}`;
  const header = res.headers["sl-violations"];
  // An injected status (the dev server's faults: "Injected 409 response.") is the test's own choice.
  if (header && !text.includes('"message":"Injected ')) return `${where}: sl-violations ${String(header).slice(0, 800)}`;
  return null;
}
