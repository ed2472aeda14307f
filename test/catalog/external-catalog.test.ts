/**
 * The AKS and ACK catalogs against the documents they are written from: every code and message of seeds 001
 * and 002 and of the shared multicloud catalog files classifies to its entry, and every entry cites its source.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classify } from '../../lambdas/catalog/index.ts';
import { classifyExternal, EXTERNAL_ENTRIES, USER_ERROR_RULE_ID, entryMatches } from '../../lambdas/catalog/external.ts';
import { CATEGORIES } from '../../lambdas/model/types.ts';

const SHARED = new URL('../../../shared/', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, SHARED), 'utf8');

interface AksItem {
  code: string | null;
  scenario?: string;
  errorMessage?: string;
  relatedLogLines?: string[];
}
interface AckItem {
  text: string;
  errorCode?: string;
  variants?: string[];
  relatedText?: string[];
}

const AKS: AksItem[] = JSON.parse(read('multicloud/aks-error-codes.json'));
const ACK: AckItem[] = JSON.parse(read('multicloud/ack-errors.json'));
const SEED_001 = read('seeds/001_f91a3d18592a7f5c.txt');
const SEED_002 = read('seeds/002_1bcd1d70d5eff254.txt');

function entryCovering(source: 'aks' | 'ack', key: string) {
  const entry = EXTERNAL_ENTRIES.find((e) => e.source === source && e.covers.includes(key));
  if (!entry) throw new Error(`no ${source} entry covers ${JSON.stringify(key)}`);
  return entry;
}

describe('the AKS catalog (seed 001, aks-error-codes.json)', () => {
  it.each(AKS.map((item) => [item.code ?? item.scenario ?? '?', item] as const))('classifies %s to its entry', (key, item) => {
    const entry = entryCovering('aks', key);
    const texts = [item.code, item.errorMessage, ...(item.relatedLogLines ?? [])].filter((t): t is string => typeof t === 'string');
    expect(texts.length).toBeGreaterThan(0);
    for (const text of texts) expect(classify({ text, source: 'aks' }).ruleId, text).toBe(entry.id);
  });

  it('knows every error code that seed 001 names', () => {
    const codes = [...SEED_001.matchAll(/^(?:エラー コード: )?((?:[A-Z][a-z]+){2,}[A-Za-z]*):?\s*$/gm)].map((m) => m[1] as string);
    expect(codes.length).toBeGreaterThanOrEqual(24);
    for (const code of new Set(codes)) {
      const c = classify({ text: code, source: 'aks' });
      expect(c.category, code).not.toBe('unknown');
      expect(EXTERNAL_ENTRIES.find((e) => e.id === c.ruleId)?.code).toBe(code);
    }
  });

  it('reads each error message of the seed 001 scenarios to its entry', () => {
    const messages = [...SEED_001.matchAll(/エラー メッセージ:\n\n(.+)\n/g)].map((m) => m[1] as string);
    expect(messages).toHaveLength(3);
    expect(messages.map((m) => classify({ text: m, source: 'aks' }).ruleId)).toEqual([
      'aks-extension-pods-not-scheduled',
      'aks-extension-pod-identity-not-exempt',
      'aks-extension-config-endpoint-unresolved',
    ]);
  });

  it('names a user-error code it does not know as such, and leaves it unknown', () => {
    const c = classify({ text: 'UserErrorSomethingNobodyDocumented: the thing failed', source: 'aks' });
    expect(c).toMatchObject({ category: 'unknown', ruleId: USER_ERROR_RULE_ID, confidence: 0 });
    expect(classify({ text: 'the thing failed', source: 'aks' }).ruleId).toBe('unknown');
  });
});

describe('the ACK catalog (seed 002, ack-errors.json)', () => {
  it.each(ACK.map((item) => [item.text, item] as const))('classifies "%s" to its entry', (key, item) => {
    const entry = entryCovering('ack', key);
    for (const text of [item.text, ...(item.variants ?? []), item.errorCode].filter((t): t is string => typeof t === 'string')) {
      expect(classify({ text, source: 'ack' }).ruleId, text).toBe(entry.id);
    }
  });

  it('gives each related text its own entry or the one of its item', () => {
    for (const item of ACK) {
      for (const text of item.relatedText ?? []) {
        const id = classify({ text, source: 'ack' }).ruleId;
        expect(EXTERNAL_ENTRIES.find((e) => e.id === id)?.samples.some((s) => s.text === text), text).toBe(true);
      }
    }
  });

  it('knows every error text quoted in the headings of seed 002', () => {
    const headings = SEED_002.split('\n').filter((l) => /エラーが返される$/.test(l));
    const quoted = headings.flatMap((l) => [...l.matchAll(/「([^「」]*[A-Za-z][^「」]*)」/g)].map((m) => m[1] as string));
    // The heading of the SOURCE_NOT_EXIST section lost its opening bracket in the seed.
    quoted.push('hbr task finished with unexpected status: FAILED, errMsg SOURCE_NOT_EXIST');
    expect(quoted.length).toBeGreaterThanOrEqual(24);
    for (const text of quoted) {
      const sample = text.replace(/^VaultError: xxx$/, 'VaultError: backup vault is unavailable: xxx');
      expect(classify({ text: sample, source: 'ack' }).category, text).not.toBe('unknown');
    }
  });

  it('reads the error-message examples of seed 002 to their entries', () => {
    expect(classify({ text: 'RestoreError: snapshot cross region request failed', source: 'ack' }).ruleId).toBe('ack-ecs-snapshot-cross-region-denied');
    expect(
      classify({
        text: 'RestoreError: process advancedvolumesnapshot failed avs: snapshot-hz, err: transition canceled with error: the ECS-snapshot related ram policy is missing',
        source: 'ack',
      }).ruleId,
    ).toBe('ack-ecs-snapshot-ram-policy-missing');
    expect(classify({ text: 'AddonRoleNotAuthorized', source: 'ack' }).ruleId).toBe('ack-service-role-not-authorized');
  });
});

describe('every external entry', () => {
  it('has a unique id prefixed by its catalog, a taxonomy category and text in both languages', () => {
    const ids = EXTERNAL_ENTRIES.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const e of EXTERNAL_ENTRIES) {
      expect(e.id.startsWith(`${e.source}-`), e.id).toBe(true);
      expect(CATEGORIES).toContain(e.category);
      for (const t of [e.title, e.cause, e.remedy]) {
        expect(t.en.length, e.id).toBeGreaterThan(10);
        expect(t.ja, e.id).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      }
    }
  });

  it('cites a seed section or a shared multicloud file, for the entry and for each command', () => {
    for (const e of EXTERNAL_ENTRIES) {
      const sources = [e.cites, ...e.commands.map((c) => c.source), ...(e.snippet ? [e.snippet.source] : [])];
      for (const source of sources) expect(source, e.id).toMatch(/^(?:seeds\/00[12]_[0-9a-f]+\.txt|multicloud\/|https:\/\/)/);
      expect(e.docs).toMatch(/^https:\/\//);
    }
  });

  it('quotes each seed command exactly as the seed prints it', () => {
    for (const e of EXTERNAL_ENTRIES) {
      for (const c of [...e.commands, ...(e.snippet ? [e.snippet] : [])]) {
        const doc = c.source.startsWith('seeds/001') ? SEED_001 : c.source.startsWith('seeds/002') ? SEED_002 : undefined;
        if (doc === undefined) continue;
        for (const line of c.command.split('\n')) {
          const probe = line.replace(/ --details$/, '').replace(/\u2019/g, "'").trim();
          expect(doc.replace(/\u2019/g, "'"), `${e.id}: ${probe}`).toContain(probe);
        }
      }
    }
  });

  it('matches each of its samples, and the sample wins', () => {
    for (const e of EXTERNAL_ENTRIES) {
      expect(e.samples.length, e.id).toBeGreaterThan(0);
      for (const s of e.samples) {
        expect(entryMatches(e, s.text.replace(/\\n/g, ' ').replace(/\s+/g, ' ')), `${e.id}: ${s.text}`).toBe(true);
        expect(classifyExternal(s.text, e.source).ruleId, s.text).toBe(e.id);
      }
    }
  });

  it('keeps AWS rules away from AKS and ACK texts, and AKS/ACK rules away from AWS texts', () => {
    expect(classify({ text: 'internal error', source: 'ack' }).ruleId).toBe('ack-internal-error');
    expect(classify({ text: 'UserErrorPVNotFound', source: 'backup' }).ruleId).toBe('unknown');
  });

  it('reads a megabyte of hostile text without trouble', () => {
    const hostile = `${'0/5 nodes are available: '.repeat(20_000)}${'a'.repeat(500_000)}`;
    expect(classifyExternal(hostile, 'aks').category).toBe('unknown');
    expect(classifyExternal(`${'UserError'.repeat(100_000)}`, 'aks').ruleId).toBe('unknown');
  });
});

describe('classify --jsonl with "source": "aks" and "ack"', () => {
  it('writes one line per input with the same keys, reading the AKS and ACK catalogs', async () => {
    const { PassThrough, Readable } = await import('node:stream');
    const { classifyCommand } = await import('../../lambdas/cli/classify.ts');
    const lines = [
      JSON.stringify({ text: 'UserErrorNamespaceNotFound', source: 'aks' }),
      JSON.stringify({ text: 'hbr task finished with unexpected status: FAILED, errMsg ClientNotExist', source: 'ack' }),
      JSON.stringify({ text: 'UserErrorNotInTheGuide', source: 'aks' }),
      JSON.stringify({ text: 'velero backup process timeout', source: 'ack', jobType: 'backup', state: 'Failed' }),
    ];
    const stdout = new PassThrough();
    const chunks: Buffer[] = [];
    stdout.on('data', (c: Buffer) => chunks.push(c));
    const code = await classifyCommand(['--jsonl'], { stdin: Readable.from([lines.join('\n')]), stdout, stderr: new PassThrough() });
    const out = Buffer.concat(chunks).toString('utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(code).toBe(0);
    expect(out).toEqual([
      { category: 'resource-not-found', ruleId: 'aks-namespace-not-found', confidence: 0.95 },
      { category: 'agent-unhealthy', ruleId: 'ack-hbr-client-not-exist', confidence: 0.95 },
      { category: 'unknown', ruleId: USER_ERROR_RULE_ID, confidence: 0 },
      { category: 'completion-window', ruleId: 'ack-velero-backup-timeout', confidence: 0.9 },
    ]);
  });
});
