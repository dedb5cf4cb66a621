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
  /** Largest file the plan takes; on paid plans S3's own object limit (5 TiB), through multipart. */
  maxFileBytes: number;
}

const GB = 1_000_000_000;

/** S3's largest object, 5 TiB: only multipart reaches it. */
export const MAX_OBJECT_BYTES = 5 * 1024 ** 4;
/** S3 refuses one PUT above 5 GiB: the largest single-PUT presign. */
export const SINGLE_PUT_LIMIT = 5 * 1024 ** 3;

export const PLANS: Record<PlanName, Plan> = {
  free: {
    name: "free",
    label: "free",
    storageBytes: 2 * GB,
    storageOverage: false,
    includedBandwidthBytes: 5 * GB,
    bandwidthCapBytes: 5 * GB,
    // Seed 001 states no per-file limit; this dev server keeps 1 GB on free (half its storage),
    // as it always had and as the spec's file_too_large example and the SDKs' e2e tests expect.
    maxFileBytes: 1 * GB,
  },
  pro: {
    name: "pro",
    label: "Pro",
    storageBytes: 100 * GB,
    storageOverage: true,
    includedBandwidthBytes: 50 * GB,
    bandwidthCapBytes: 500 * GB,
    maxFileBytes: MAX_OBJECT_BYTES,
  },
  usage: {
    name: "usage",
    label: "Usage-Based",
    storageBytes: 250 * GB,
    storageOverage: true,
    includedBandwidthBytes: 150 * GB,
    bandwidthCapBytes: 1000 * GB,
    maxFileBytes: MAX_OBJECT_BYTES,
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
  /** The spec's `single_put_limit` example. */
  singlePutLimit:
    "One presigned PUT carries at most 5 GiB (5368709120 bytes); upload larger files with createMultipartUpload.",
  objectLimit: "Files are limited to 5 TiB (5497558138880 bytes), the largest object S3 stores.",
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

/** 413 file_too_large when `size` is over what the plan (or S3) takes for one file; null if it fits. */
export function fileTooLarge(plan: Plan, size: number): string | null {
  if (size > MAX_OBJECT_BYTES) return MESSAGES.objectLimit;
  if (size > plan.maxFileBytes) return `Files on the ${plan.label} plan are limited to ${formatGb(plan.maxFileBytes)}.`;
  return null;
}
