import { describe, expect, it } from 'vitest';
import { backupChecks } from '../../../lambdas/checks/backup/index.ts';
import { CATEGORIES } from '../../../lambdas/model/types.ts';

describe('backupChecks', () => {
  it('registers each check once with a known category and an AWS doc', () => {
    // Act
    const ids = backupChecks.map((c) => c.id);
    // Assess
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of backupChecks) {
      expect(CATEGORIES).toContain(c.category);
      expect(c.docs).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
    }
  });

  it.each(backupChecks.map((c) => [c.id, c] as const))('gives %s the same keys in English and Japanese, all its own', (id, c) => {
    // Act
    const en = Object.keys(c.messages.en).sort();
    const ja = Object.keys(c.messages.ja).sort();
    // Assess
    expect(ja).toEqual(en);
    expect(en.filter((k) => !k.startsWith(`${id}.`) && !k.startsWith('fact.'))).toEqual([]);
  });

  it('labels each fact the same way wherever two checks share a fact name', () => {
    // Prepare
    const labels = new Map<string, string>();
    const clashes: string[] = [];
    // Act
    for (const c of backupChecks) {
      for (const lang of ['en', 'ja'] as const) {
        for (const [k, v] of Object.entries(c.messages[lang])) {
          if (!k.startsWith('fact.')) continue;
          const seen = labels.get(`${lang}:${k}`);
          if (seen !== undefined && seen !== v) clashes.push(`${lang}:${k}`);
          labels.set(`${lang}:${k}`, v);
        }
      }
    }
    // Assess
    expect(clashes).toEqual([]);
  });
});
