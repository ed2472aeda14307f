import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../lambdas/model/types.ts';
import { EC2_CODES, RULES, STATE_RULES, catalogMessages, classify, ec2RuleId, matchesPattern } from '../../lambdas/catalog/index.ts';
import { CATEGORY_ALIASES, OTHER_DECISIONS } from './corpus-expectations.ts';

interface CorpusEntry {
  readonly id: string;
  readonly text: string;
  readonly category: string;
  readonly jobType?: string;
  readonly state?: string;
}

function corpus(name: string): CorpusEntry[] {
  return JSON.parse(readFileSync(`/work/shared/corpus/${name}`, 'utf8')) as CorpusEntry[];
}

function expected(entry: CorpusEntry): string {
  return OTHER_DECISIONS[entry.id]?.category ?? CATEGORY_ALIASES[entry.category] ?? entry.category;
}

const backupCorpus = corpus('backup-messages.dev.json');
const ecsCorpus = corpus('ecs-messages.dev.json');

describe('catalog rules (meta)', () => {
  it('keeps rule ids unique, kebab-case and prefixed by area', () => {
    const ids = [...RULES.map((r) => r.id), ...STATE_RULES.map((r) => r.id), ...EC2_CODES.map((e) => ec2RuleId(e.code))];

    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^(backup|copy|restore|vmware|s3|ecs|ebs|kms|ec2|iam)-[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('uses taxonomy categories only and confidences within 0..1', () => {
    for (const rule of [...RULES, ...STATE_RULES, ...EC2_CODES]) {
      expect(CATEGORIES).toContain(rule.category);
      expect(rule.category).not.toBe('unknown');
      expect(rule.confidence).toBeGreaterThan(0);
      expect(rule.confidence).toBeLessThanOrEqual(1);
    }
  });

  it('gives every rule at least one sample, each with an https source', () => {
    for (const rule of RULES) {
      expect(rule.samples.length, rule.id).toBeGreaterThan(0);
      for (const sample of rule.samples) {
        expect(sample.text.length).toBeGreaterThan(0);
        expect(sample.source, rule.id).toMatch(/^https:\/\//);
      }
    }
  });

  it.each(RULES.flatMap((rule) => rule.samples.map((sample) => [rule.id, sample.text] as const)))(
    'matches rule %s on its own sample and classifies it to that category',
    (ruleId, text) => {
      const rule = RULES.find((r) => r.id === ruleId);

      const result = classify({ text, source: rule?.sources?.[0] });

      expect(rule ? matchesPattern(rule.pattern, text.replace(/^"|"$/g, '')) : false).toBe(true);
      expect(result.category).toBe(rule?.category);
    },
  );

  it('keeps corpus ids on samples consistent with the corpus text', () => {
    const byId = new Map([...backupCorpus, ...ecsCorpus].map((e) => [e.id, e]));
    for (const rule of RULES) {
      for (const sample of rule.samples) {
        if (!sample.corpusId) continue;
        const entry = byId.get(sample.corpusId);
        if (!entry) continue;

        expect(entry.text, sample.corpusId).toBe(sample.text);
        expect(expected(entry), sample.corpusId).toBe(rule.category);
      }
    }
  });

  it('provides an en and a ja hint for every rule id', () => {
    const messages = catalogMessages();
    const ids = [...RULES.map((r) => r.id), ...STATE_RULES.map((r) => r.id), ...EC2_CODES.map((e) => ec2RuleId(e.code))];

    for (const id of ids) {
      expect(messages.en[`catalog.${id}.hint`], id).toBeTruthy();
      expect(messages.ja[`catalog.${id}.hint`], id).toBeTruthy();
    }
    expect(Object.keys(messages.en).sort()).toEqual(Object.keys(messages.ja).sort());
  });

  it('names only suspects that look like check ids', () => {
    for (const rule of [...RULES, ...EC2_CODES]) {
      for (const s of rule.suspects) expect(s).toMatch(/^(iam|kms|backup|vmware|s3|copy|ecs)-[a-z0-9-]+$/);
    }
  });
});

describe('classify on the dev corpora', () => {
  it.each(backupCorpus.map((e) => [e.id, e] as const))('classifies backup corpus entry %s to its mapped category', (_id, entry) => {
    const result = classify({ text: entry.text, source: 'backup', jobType: entry.jobType, state: entry.state });

    expect(result.category).toBe(expected(entry));
  });

  it.each(ecsCorpus.map((e) => [e.id, e] as const))('classifies ECS corpus entry %s to its mapped category', (_id, entry) => {
    const result = classify({ text: entry.text, source: 'ecs' });

    expect(result.category).toBe(expected(entry));
  });

  it('maps every "other" corpus entry deliberately', () => {
    const others = [...backupCorpus, ...ecsCorpus].filter((e) => e.category === 'other').map((e) => e.id);

    for (const id of others) expect(OTHER_DECISIONS[id], id).toBeDefined();
  });
});
