import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";

/**
 * moto's S3 server (Python), a real implementation of ListParts, AbortMultipartUpload and S3's
 * CompleteMultipartUpload checks, standing in for AWS in the external-store tests. Found as
 * `$MOTO_SERVER` or `moto_server` on PATH; null when neither exists.
 */
export function findMotoServer(): string | null {
  // scripts/setup.sh installs it in the repo's tools venv; $MOTO_SERVER or PATH win when set.
  const toolsVenv = fileURLToPath(new URL("../../../../.cache/tools-venv/bin/moto_server", import.meta.url));
  const candidates = process.env.MOTO_SERVER ? [process.env.MOTO_SERVER] : ["moto_server", toolsVenv];
  for (const candidate of candidates) {
    const probe = spawnSync(candidate, ["--help"], { stdio: "ignore" });
    if (probe.status === 0) return candidate;
  }
  return null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export const MOTO_CREDENTIALS = { accessKeyId: "testing", secretAccessKey: "testing" };

/** Starts moto on a free loopback port with `bucket` created; stop() kills it (only this process). */
export async function startMoto(bin: string, bucket: string): Promise<{ endpoint: string; s3: S3Client; stop(): void }> {
  const port = await freePort();
  const child = spawn(bin, ["-H", "127.0.0.1", "-p", String(port)], { stdio: "ignore" });
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      if ((await fetch(endpoint)).ok) break;
    } catch {
      if (Date.now() > deadline) throw new Error("moto_server did not start");
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  const s3 = new S3Client({ endpoint, region: "us-east-1", forcePathStyle: true, credentials: MOTO_CREDENTIALS });
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  return {
    endpoint,
    s3,
    stop() {
      s3.destroy();
      child.kill("SIGKILL");
    },
  };
}
