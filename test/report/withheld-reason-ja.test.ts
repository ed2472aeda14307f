/**
 * Why: output people read must read well in Japanese; the reason a command was withheld came out in English in the
 * middle of a Japanese sentence ("コマンドは示していません: the evidence does not hold …"). The JSON keeps the English.
 */
import { describe, expect, it } from 'vitest';
import { renderJson, renderText } from '../../lambdas/pipeline/report.ts';
import { demoDiagnoses } from './demo-diagnoses.ts';

describe('a withheld command says why in the language of the diagnosis', () => {
  it.each(demoDiagnoses())('$id', ({ diagnosis }) => {
    // Act
    const ja = renderText(diagnosis, { lang: 'ja' });
    // Assess
    expect(ja).not.toMatch(/the evidence does not hold|the check could not decide/);
  });

  it('the JSON keeps the English reason, the Japanese text words it in Japanese', () => {
    // Prepare
    const d = demoDiagnoses().find((x) => x.id === '50-ha-agent-upgrade-denied')!.diagnosis;
    // Act
    const ja = renderText(d, { lang: 'ja' });
    const json = renderJson(d, { lang: 'ja' });
    // Assess
    expect(ja).toContain('コマンドは示していません: 証拠に、コマンドが変更するポリシーが含まれていません。');
    expect(json).toContain('"the evidence does not hold the policy the command changes"');
  });
});
