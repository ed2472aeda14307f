/**
 * `diagnose` on the shared payload samples and on the external fixtures, offline and without credentials: each
 * Kubernetes-backup failure gives its cause and remedy in English and Japanese; each sample that is not a backup
 * failure is refused in one line that says why.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../lambdas/cli/main.ts';

const SHARED = fileURLToPath(new URL('../../../shared/multicloud/', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../fixtures/external/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'bd-external-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += String(c)));
  stderr.on('data', (c) => (err += String(c)));
  // No credentials and no endpoint: any AWS read would fail loudly.
  const env = { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_ENDPOINT_URL: 'http://127.0.0.1:9' };
  const code = await main([...args, '--now', '2026-11-20T10:05:00Z', '--no-color'], { stdin: new PassThrough(), stdout, stderr, env });
  return { code, out, err };
}

function file(name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
}

describe('diagnose on the shared multicloud samples', () => {
  const refusals: Record<string, RegExp> = {
    'k8s-event-examples/kube-eventer-webhook-default-request-body-template.json': /template placeholders/,
    'k8s-event-examples/kubernetes-event-exporter-EnhancedEvent-Warning-FailedScheduling.json': /"Pod bkmonitor-operator\/bkm-statefulset-worker-0" .* is not about a backup/,
    'alibaba-alert-examples/arms-webhook-alertmanager-format-example.zh-CN.json': /Alertmanager alert .* is not about a backup component/,
    'azure-alert-examples/common-schema-sample-alert-payload-metric.json': /"WCUS-R2-Gen2" .*is not an Azure Backup alert/,
    'azure-alert-examples/payload-sample-test-action-metric-static-threshold.json': /"test-metricAlertRule" .*is not an Azure Backup alert/,
  };

  it.each(Object.entries(refusals))('refuses %s in one line that says why', async (name, why) => {
    const { code, out, err } = await run(['diagnose', join(SHARED, name)]);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(why);
  });

  it('covers every complete payload sample of the shared directory', () => {
    const complete = ['k8s-event-examples', 'alibaba-alert-examples', 'azure-alert-examples']
      .flatMap((d) => readdirSync(join(SHARED, d)).map((f) => `${d}/${f}`))
      .filter((f) => /kube-eventer|kubernetes-event-exporter|arms-webhook|common-schema-sample|test-action/.test(f));
    expect(complete.sort()).toEqual(Object.keys(refusals).sort());
  });

  it('diagnoses the exporter sample when its pod is the AKS Backup extension\'s', async () => {
    const { default: sample } = await import(join(SHARED, 'k8s-event-examples/kubernetes-event-exporter-EnhancedEvent-Warning-FailedScheduling.json'), { with: { type: 'json' } });
    const moved = { ...sample, involvedObject: { ...sample.involvedObject, namespace: 'dataprotection-microsoft', name: 'dataprotection-microsoft-kubernetes-agent-5c8d9' } };
    const en = await run(['diagnose', file('aks-pending.json', moved)]);
    expect(en.code).toBe(0);
    expect(en.out.replace(/\s+/g, ' ')).toContain('A Backup extension pod cannot be scheduled: the nodes lack CPU or memory');
    expect(en.out).toContain('kubectl get pods -n dataprotection.microsoft');
    const ja = await run(['diagnose', file('aks-pending.json', moved), '--lang', 'ja']);
    expect(ja.out.replace(/\s+/g, '')).toContain('バックアップ拡張機能のポッドをスケジュールできない');
  });
});

describe('diagnose on the external fixtures', () => {
  it('gives the AKS log alert its cause and remedy in English and Japanese', async () => {
    const path = join(FIXTURES, 'azure-log-alert-aks-backup-job-failed.json');
    const en = await run(['diagnose', path]);
    expect(en.code).toBe(0);
    expect(en.out.replace(/\s+/g, ' ')).toContain('The Backup extension identity lacks Storage Blob Data Contributor on the backup storage account');
    expect(en.out).toContain("--role 'Storage Blob Data Contributor'");
    expect(en.out).toContain('IAM permissions');
    const ja = await run(['diagnose', path, '--lang', 'ja']);
    const flat = ja.out.replace(/\s+/g, '');
    expect(flat).toContain('バックアップ拡張機能のIDにバックアップ用ストレージアカウントの"ストレージBLOBデータ共同作成者"ロールがない');
    expect(flat).toContain('ストレージアカウント上の不足しているアクセス許可を拡張機能IDに再度割り当てます');
  });

  it('reads the real Recovery Services vault alert and says plainly that no catalog entry knows it', async () => {
    const { code, out } = await run(['diagnose', join(FIXTURES, 'azure-backup-alert-recovery-services-vault.json'), '--format', 'json']);
    expect(code).toBe(0);
    const diagnosis = JSON.parse(out);
    expect(diagnosis.category.id ?? diagnosis.category).toBe('unknown');
    expect(JSON.stringify(diagnosis)).toContain('First full backup is missing for this datasource.');
  });

  it.each([
    ['ack', 'VaultError: backup vault is unavailable: oss: service returned error: StatusCode=403, ErrorCode=AccessDenied, ErrorMessage="The bucket you access does not belong to you.", RequestId=668516BC35F915******', 'The backup vault cannot use its OSS bucket: OSS denied access', 'バックアップボールトが OSS バケットを使用できない'],
    ['ack', 'velero backup process timeout', 'The application backup subtask ran past its timeout', 'アプリケーションバックアップのサブタスクがタイムアウトした'],
    ['aks', 'UserErrorPVSnapshotLimitReached', 'The persistent volume has reached its limit of 500 snapshots', '永続ボリュームのスナップショット数が上限 (500 個) に達している'],
  ])('diagnoses the generic %s form of %s in both languages', async (source, text, en, ja) => {
    const path = file('generic.json', { source, text, resource: 'backup/nightly', cluster: 'prod', time: '2026-11-20T10:00:00Z' });
    expect((await run(['diagnose', path])).out.replace(/\s+/g, ' ')).toContain(en);
    expect((await run(['diagnose', path, '--lang', 'ja'])).out.replace(/\s+/g, '')).toContain(ja.replace(/\s+/g, ''));
  });
});
