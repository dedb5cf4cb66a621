/** Plans and quotas from the Dilnaka docs (seed 001); sizes in decimal units as the docs state them. */
export type PlanName = "free" | "pro" | "usage";

export interface Plan {
  name: PlanName;
  label: string;
  storageBytes: number;
  /** Storage past `storageBytes` is billed on paid plans; only the free plan refuses uploads. */
  storageOverage: boolean;
  includedBandwidthBytes: number;
  /** Monthly safety cap on bandwidth; equal to the included bandwidth when there is no overage. */
  bandwidthCapBytes: number;
  maxFileBytes: number;
}

const GB = 1_000_000_000;

export const PLANS: Record<PlanName, Plan> = {
  free: {
    name: "free",
    label: "free",
    storageBytes: 2 * GB,
    storageOverage: false,
    includedBandwidthBytes: 5 * GB,
    bandwidthCapBytes: 5 * GB,
    maxFileBytes: 1 * GB,
  },
  pro: {
    name: "pro",
    label: "Pro",
    storageBytes: 100 * GB,
    storageOverage: true,
    includedBandwidthBytes: 50 * GB,
    bandwidthCapBytes: 500 * GB,
    maxFileBytes: 5 * GB,
  },
  usage: {
    name: "usage",
    label: "Usage-Based",
    storageBytes: 250 * GB,
    storageOverage: true,
    includedBandwidthBytes: 150 * GB,
    bandwidthCapBytes: 1000 * GB,
    maxFileBytes: 5 * GB,
  },
};

export function isPlanName(s: unknown): s is PlanName {
  return s === "free" || s === "pro" || s === "usage";
}

/** Messages of seed 001, verbatim. */
export const MESSAGES = {
  bandwidthLimit: "Monthly bandwidth limit exceeded. Upgrade your plan or wait until the next billing cycle.",
  bandwidthHardCap: "Monthly bandwidth hard cap reached. Contact Dilnaka support to continue serving files.",
  bandwidthOverage: "This account has exceeded included bandwidth. Extra usage will be billed.",
  storageLimit: "Storage limit exceeded. Delete files or upgrade your plan.",
} as const;

export type BandwidthDecision = "ok" | "overage" | "limit_exceeded" | "hard_cap";

/**
 * Whether serving `size` more bytes is allowed this month, given `used` bytes already served.
 * Free: refused once the download would pass the included bandwidth (no overage).
 * Paid: served with the overage warning past the included bandwidth, refused past the safety cap.
 */
export function decideBandwidth(plan: Plan, used: number, size: number): BandwidthDecision {
  const after = used + size;
  if (!plan.storageOverage) {
    return used >= plan.includedBandwidthBytes || after > plan.includedBandwidthBytes ? "limit_exceeded" : "ok";
  }
  if (used >= plan.bandwidthCapBytes || after > plan.bandwidthCapBytes) return "hard_cap";
  return after > plan.includedBandwidthBytes ? "overage" : "ok";
}

export function formatGb(bytes: number): string {
  return `${bytes / GB} GB`;
}
