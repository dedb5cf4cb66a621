/** Arms and clears the dev server's fault injection (`POST/DELETE /__dev/faults`). */
export interface Fault {
  target: "api" | "store";
  operation: string;
  status?: number;
  times?: number;
  retryAfter?: number;
  reset?: boolean;
  delayMs?: number;
  expireUrl?: boolean;
}

export async function armFault(baseUrl: string, fault: Fault): Promise<void> {
  const response = await fetch(`${baseUrl}/__dev/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(fault),
  });
  if (!response.ok) throw new Error(`arming ${JSON.stringify(fault)} failed: ${response.status} ${await response.text()}`);
}

export async function clearFaults(baseUrl: string): Promise<void> {
  const response = await fetch(`${baseUrl}/__dev/faults`, { method: "DELETE" });
  if (!response.ok) throw new Error(`clearing faults failed: ${response.status}`);
}

/** Sets the dev account's plan and this month's usage (`POST /__dev/usage`), to reach quota answers. */
export async function setUsage(
  baseUrl: string,
  apiKey: string,
  usage: { plan?: "free" | "pro" | "usage"; bandwidthBytes?: number; storageBytes?: number },
): Promise<void> {
  const response = await fetch(`${baseUrl}/__dev/usage`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
    body: JSON.stringify(usage),
  });
  if (!response.ok) throw new Error(`setting usage failed: ${response.status} ${await response.text()}`);
}
