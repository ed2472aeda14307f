import { describe, expect, it } from 'vitest';
import { COMMON_MESSAGES, mergeMessages } from '../../lambdas/report/index.ts';
import { render, renderJson } from '../../lambdas/pipeline/report.ts';
import { TEST_MESSAGES, failWithFix, inconclusiveWithGaps } from './fixtures.ts';

const table = mergeMessages(COMMON_MESSAGES, TEST_MESSAGES);

describe('renderJson', () => {
  it('keeps the Diagnosis shape with each text resolved next to its key', () => {
    // Act
    const out = JSON.parse(renderJson(failWithFix, { lang: 'en', table }));

    // Assess
    expect(out.lang).toBe('en');
    expect(out.fingerprint).toBe(failWithFix.fingerprint);
    expect(out.category).toEqual({ id: 'resource-not-found', label: 'Resource not found' });
    expect(out.headline).toEqual({
      key: 'test-vault-exists.title',
      params: { vault: '9ab3e749-82c6-4342-9320-5edbf4918b86' },
      text: 'Backup vault 9ab3e749-82c6-4342-9320-5edbf4918b86 does not exist',
    });
    expect(out.findings).toHaveLength(3);
    expect(out.findings[0].verdict).toBe('fail');
    expect(out.findings[0].facts[0]).toEqual({ name: 'vaultName', label: 'Vault name', value: '9ab3e749-82c6-4342-9320-5edbf4918b86' });
    expect(out.findings[0].fix.command).toBe(failWithFix.findings[0]?.fix?.command);
    expect(out.nextSteps[0].text.key).toBe('test-next.rerun');
  });

  it('includes the raw event under event.raw, unchanged', () => {
    // Act
    const out = JSON.parse(renderJson(failWithFix, { lang: 'en', table }));

    // Assess
    expect(out.event.raw).toEqual(failWithFix.event.raw);
    expect(out.event.jobId).toBe('34176239-e96d-4e1d-9fad-529dbb3c3556');
    expect(Object.keys(out.event).at(-1)).toBe('raw');
  });

  it('resolves texts in Japanese and keeps the gaps with their sentences', () => {
    // Act
    const out = JSON.parse(renderJson(inconclusiveWithGaps, { lang: 'ja', table }));

    // Assess
    expect(out.lang).toBe('ja');
    expect(out.findings[0].verdictLabel).toBe('確認できず');
    expect(out.findings[0].missing[0].action).toBe('kms:GetKeyPolicy');
    expect(out.findings[0].missing[0].text).toContain('（kms:GetKeyPolicy で AccessDeniedException）');
    expect(out.gaps[0].why).toBe('access-denied');
  });

  it('is stable: the same diagnosis gives the same bytes', () => {
    expect(render(failWithFix, { format: 'json', lang: 'en', table })).toBe(renderJson(failWithFix, { lang: 'en', table }));
  });
});
