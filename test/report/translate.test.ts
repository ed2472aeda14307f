import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../lambdas/checks/registry.ts';
import { CATEGORIES } from '../../lambdas/model/types.ts';
import { COMMON_MESSAGES, mergeMessages, messageConflicts } from '../../lambdas/report/index.ts';
import { messageSources, messageTable, translate } from '../../lambdas/pipeline/report.ts';
import { TEST_MESSAGES } from './fixtures.ts';

const table = mergeMessages(COMMON_MESSAGES, TEST_MESSAGES, {
  en: { 'only.en': 'Only in English: {value}' },
  ja: {},
});

describe('translate', () => {
  it('fills {param} placeholders in the chosen language', () => {
    // Prepare
    const text = { key: 'test-role-trust.pass', params: { role: 'BackupRole' } };

    // Act
    const en = translate(text, 'en', table);
    const ja = translate(text, 'ja', table);

    // Assess
    expect(en).toBe('Role BackupRole can be assumed by backup.amazonaws.com');
    expect(ja).toBe('ロール BackupRole は backup.amazonaws.com から引き受けることができます');
  });

  it('falls back to English when Japanese lacks the key', () => {
    expect(translate({ key: 'only.en', params: { value: 42 } }, 'ja', table)).toBe('Only in English: 42');
  });

  it('shows the key and its params when no language has the key', () => {
    expect(translate({ key: 'nowhere.title', params: { role: 'R', n: 3 } }, 'ja', table)).toBe('nowhere.title (role=R, n=3)');
    expect(translate({ key: 'nowhere.bare' }, 'en', table)).toBe('nowhere.bare');
  });

  it('keeps a placeholder that has no value, so that the gap shows', () => {
    expect(translate({ key: 'test-role-trust.pass' }, 'en', table)).toBe('Role {role} can be assumed by backup.amazonaws.com');
  });

  it('does not resolve keys inherited from Object.prototype', () => {
    expect(translate({ key: 'constructor' }, 'en', table)).toBe('constructor');
  });
});

describe('mergeMessages', () => {
  it('keeps the first definition of a key and reports conflicting ones', () => {
    // Prepare
    const a = { en: { 'x.title': 'A' }, ja: { 'x.title': 'エー' } };
    const b = { en: { 'x.title': 'B' }, ja: { 'x.title': 'エー' } };

    // Act
    const merged = mergeMessages(a, b);
    const conflicts = messageConflicts(a, b);

    // Assess
    expect(merged.en['x.title']).toBe('A');
    expect(conflicts).toEqual([{ lang: 'en', key: 'x.title', templates: ['A', 'B'] }]);
  });
});

describe('messageTable', () => {
  it('has every key in both languages', () => {
    // Act
    const merged = messageTable();
    const onlyEn = Object.keys(merged.en).filter((k) => !Object.hasOwn(merged.ja, k));
    const onlyJa = Object.keys(merged.ja).filter((k) => !Object.hasOwn(merged.en, k));

    // Assess
    expect(onlyEn).toEqual([]);
    expect(onlyJa).toEqual([]);
  });

  it('has no key defined twice with different texts across checks, catalog and common messages', () => {
    expect(messageConflicts(...messageSources().map((s) => s.messages))).toEqual([]);
  });

  it('has no empty template and uses the same placeholders in both languages', () => {
    // Prepare
    const merged = messageTable();
    const placeholders = (t: string) => [...t.matchAll(/\{([A-Za-z0-9_.-]+)\}/g)].map((m) => m[1]).sort();

    // Act
    const empty = Object.entries(merged.en).filter(([, t]) => t.trim() === '').map(([k]) => k);
    const mismatched = Object.keys(merged.en).filter(
      (k) => Object.hasOwn(merged.ja, k) && placeholders(merged.en[k] ?? '').join() !== placeholders(merged.ja[k] ?? '').join(),
    );

    // Assess
    expect(empty).toEqual([]);
    expect(mismatched).toEqual([]);
  });

  it('keys each check message by its check id or as a fact label', () => {
    // Act
    const stray = CHECKS.flatMap((check) =>
      [...Object.keys(check.messages.en), ...Object.keys(check.messages.ja)]
        .filter((k) => !k.startsWith(`${check.id}.`) && !k.startsWith('fact.'))
        .map((k) => `${check.id}: ${k}`),
    );

    // Assess
    expect(stray).toEqual([]);
  });

  it('has the runner keys and a label for every category, verdict and failure kind', () => {
    // Prepare
    const merged = messageTable();
    const needed = [
      'common.notApplicableKind',
      'common.checkError',
      ...CATEGORIES.map((c) => `category.${c}`),
      ...['fail', 'pass', 'inconclusive', 'error', 'not-applicable'].map((v) => `verdict.${v}`),
      ...['backup-job', 'copy-job', 'restore-job', 'ecs-volume-attachment', 'ebs-volume-notification', 'access-denied', 'external'].map(
        (k) => `kind.${k}`,
      ),
    ];

    // Assess
    expect(needed.filter((k) => !Object.hasOwn(merged.en, k) || !Object.hasOwn(merged.ja, k))).toEqual([]);
  });

  it('builds the table once', () => {
    expect(messageTable()).toBe(messageTable());
  });
});
