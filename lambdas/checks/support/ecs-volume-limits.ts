/**
 * The documented size, IOPS and throughput ranges of each EBS volume type, as the ECS volume configuration
 * reference states them (they map 1:1 to EC2 CreateVolume). Data, one row per volume type.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_TaskManagedEBSVolumeConfiguration.html
 * @see https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVolume.html
 */

/** An inclusive range. */
export interface Range {
  readonly min: number;
  readonly max: number;
}

/** What one volume type accepts; an absent range means the parameter is not supported for the type. */
export interface VolumeTypeLimits {
  readonly sizeGiB: Range;
  readonly iops?: Range;
  /** io1 and io2 need an IOPS value. */
  readonly iopsRequired?: boolean;
  readonly throughputMiBs?: Range;
}

/** Limits per volume type. gp2 IOPS follow from the size (baseline), so a gp2 IOPS value is not range-checked. */
export const VOLUME_LIMITS: Readonly<Record<string, VolumeTypeLimits>> = {
  gp2: { sizeGiB: { min: 1, max: 16_384 } },
  // gp3 limits as raised in 2025 (CreateVolume: 1–65,536 GiB, 3,000–80,000 IOPS, 125–2,000 MiB/s).
  gp3: { sizeGiB: { min: 1, max: 65_536 }, iops: { min: 3_000, max: 80_000 }, throughputMiBs: { min: 125, max: 2_000 } },
  io1: { sizeGiB: { min: 4, max: 16_384 }, iops: { min: 100, max: 64_000 }, iopsRequired: true },
  io2: { sizeGiB: { min: 4, max: 65_536 }, iops: { min: 100, max: 256_000 }, iopsRequired: true },
  st1: { sizeGiB: { min: 125, max: 16_384 } },
  sc1: { sizeGiB: { min: 125, max: 16_384 } },
  standard: { sizeGiB: { min: 1, max: 1_024 } },
};

/** One violation of the documented limits. */
export interface LimitViolation {
  readonly parameter: 'sizeInGiB' | 'iops' | 'throughput';
  readonly value?: number;
  /** The documented range, or undefined when the parameter is not supported for the type. */
  readonly range?: Range;
  readonly reason: 'out-of-range' | 'not-supported' | 'required';
}

/** The violations of a configuration against its type's limits; undefined for an unknown volume type. */
export function limitViolations(
  volumeType: string,
  config: { readonly sizeInGiB?: number; readonly iops?: number; readonly throughput?: number },
): LimitViolation[] | undefined {
  const limits = VOLUME_LIMITS[volumeType.toLowerCase()];
  if (!limits) return undefined;
  const out: LimitViolation[] = [];
  const within = (v: number, r: Range) => v >= r.min && v <= r.max;
  if (config.sizeInGiB !== undefined && !within(config.sizeInGiB, limits.sizeGiB)) {
    out.push({ parameter: 'sizeInGiB', value: config.sizeInGiB, range: limits.sizeGiB, reason: 'out-of-range' });
  }
  if (config.iops !== undefined && volumeType.toLowerCase() !== 'gp2') {
    if (!limits.iops) out.push({ parameter: 'iops', value: config.iops, reason: 'not-supported' });
    else if (!within(config.iops, limits.iops)) out.push({ parameter: 'iops', value: config.iops, range: limits.iops, reason: 'out-of-range' });
  }
  if (config.iops === undefined && limits.iopsRequired) out.push({ parameter: 'iops', ...(limits.iops ? { range: limits.iops } : {}), reason: 'required' });
  if (config.throughput !== undefined) {
    if (!limits.throughputMiBs) out.push({ parameter: 'throughput', value: config.throughput, reason: 'not-supported' });
    else if (!within(config.throughput, limits.throughputMiBs)) {
      out.push({ parameter: 'throughput', value: config.throughput, range: limits.throughputMiBs, reason: 'out-of-range' });
    }
  }
  return out;
}
