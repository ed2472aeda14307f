/**
 * Why: a finding said "lacks 3 action(s)" while listing four. Every count a finding title gives, in every demo and
 * both languages, equals the number of action names it lists.
 */
import { describe, expect, it } from 'vitest';
import { translate } from '../../lambdas/pipeline/report.ts';
import { demoDiagnoses } from './demo-diagnoses.ts';

const COUNT = { en: /lacks (\d+) action/, ja: /アクションが (\d+) 個不足/ } as const;
const ACTION = /\b[a-z0-9-]+:[A-Za-z0-9*]+\b/g;

const cases = demoDiagnoses().flatMap((x) => (['en', 'ja'] as const).map((lang) => ({ ...x, lang })));

describe('counts that match their lists', () => {
  it.each(cases)('every "lacks N action(s)" lists N actions ($id, $lang)', ({ diagnosis, lang }) => {
    for (const f of diagnosis.findings) {
      // Act
      const title = translate(f.title, lang);
      const count = COUNT[lang].exec(title)?.[1];
      if (count === undefined) continue;
      // Assess: the list after the title's last colon holds exactly that many distinct action names.
      const list = title.slice(title.lastIndexOf(': ') + 2);
      expect(new Set(list.match(ACTION) ?? []).size, title).toBe(Number(count));
    }
  });

  it('the demos do give such counts', () => {
    const titles = cases.flatMap(({ diagnosis, lang }) => diagnosis.findings.map((f) => translate(f.title, lang)));
    expect(titles.filter((t) => COUNT.en.test(t) || COUNT.ja.test(t)).length).toBeGreaterThan(0);
  });
});
