/** The loopback fake of AWS: Amazon EC2 (ec2 query): volumes, instances and snapshots. */
import type { Evidence } from '../../../lambdas/model/types.ts';
import { ApiError } from './wire.ts';

export function ec2(s: Evidence, action: string, p: URLSearchParams): unknown {
  const listed = (prefix: string): string[] => [...p.entries()].filter(([k]) => k.startsWith(prefix)).map(([, v]) => v);
  const resources = Object.values(s.resources ?? {});
  switch (action) {
    case 'DescribeVolumes': {
      const ids = listed('VolumeId.');
      const items = ids.map((id) => {
        const byVolume = resources.find((r) => r.arn.endsWith(`:volume/${id}`));
        const byInstance = resources.find((r) => r.arn.includes(':instance/') && `vol-${r.arn.slice(r.arn.lastIndexOf('/') + 1)}` === id);
        const r = (byVolume ?? byInstance)?.exists ? (byVolume ?? byInstance) : undefined;
        if (!r) throw new ApiError('InvalidVolume.NotFound', 400);
        return { volumeId: id, encrypted: r.encrypted ?? false, kmsKeyId: r.encryptionKeyArn, status: 'in-use' };
      });
      return { volumeSet: items };
    }
    case 'DescribeInstances': {
      const ids = listed('InstanceId.');
      const items = ids.map((id) => {
        const r = resources.find((x) => x.arn.endsWith(`:instance/${id}`) && x.exists);
        if (!r) throw new ApiError('InvalidInstanceID.NotFound', 400);
        return {
          instanceId: id,
          rootDeviceName: '/dev/xvda',
          blockDeviceMapping: [{ deviceName: '/dev/xvda', ebs: { volumeId: `vol-${id}`, status: 'attached' } }],
        };
      });
      return { reservationSet: [{ reservationId: 'r-0', instancesSet: items }] };
    }
    case 'DescribeSnapshots': {
      const items = listed('SnapshotId.').map((id) => {
        const snap = s.ebsSnapshots?.[id];
        if (!snap?.exists) throw new ApiError('InvalidSnapshot.NotFound', 400);
        return { snapshotId: id, encrypted: snap.encrypted ?? false, kmsKeyId: snap.kmsKeyId, volumeSize: snap.volumeSizeGiB, status: 'completed' };
      });
      return { snapshotSet: items };
    }
    default:
      throw new ApiError('NotImplemented', 501);
  }
}
