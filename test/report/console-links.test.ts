/**
 * Why: console deep links for the role, key, vault, plan and job were only in the short chat form. Every format
 * (text, email, Slack, Chatbot, JSON and the short form) now carries them for every demo where the object is known,
 * with the console host of the event's partition and region.
 */
import { describe, expect, it } from 'vitest';
import type { Diagnosis } from '../../lambdas/model/types.ts';
import { emailMessage, render, renderChatSlack } from '../../lambdas/pipeline/report.ts';
import { consoleLinks } from '../../lambdas/report/links.ts';
import { demoDiagnoses } from './demo-diagnoses.ts';

const FORMATS = ['text', 'json', 'slack', 'chatbot'] as const;

/** Every form a diagnosis is sent or printed in. */
function everyForm(d: Diagnosis, lang: 'en' | 'ja'): Record<string, string> {
  return {
    ...Object.fromEntries(FORMATS.map((format) => [format, render(d, { format, lang })])),
    email: emailMessage(d, lang).body,
    chat: renderChatSlack(d, { lang }),
  };
}

const cases = demoDiagnoses().flatMap((x) => (['en', 'ja'] as const).map((lang) => ({ ...x, lang })));

describe('console links for the role, key, vault, plan and job in every format', () => {
  it.each(cases)('$id, $lang', ({ diagnosis, lang }) => {
    // Act
    const links = consoleLinks(diagnosis);
    const forms = everyForm(diagnosis, lang);
    // Assess: an AWS failure has links, and every form shows each of them whole.
    if (diagnosis.event.kind !== 'external') expect(links.length).toBeGreaterThan(0);
    for (const [name, out] of Object.entries(forms)) {
      for (const l of links) expect(out, `${name} lacks ${l.kind}`).toContain(l.url);
    }
  });

  it('the role, vault, plan and job of the first demo are linked in its region', () => {
    // Prepare
    const d = demoDiagnoses().find((x) => x.id === '01-role-not-trusted')!.diagnosis;
    // Act
    const kinds = consoleLinks(d).map((l) => `${l.kind} ${l.url}`);
    // Assess
    expect(kinds).toEqual([
      'role https://console.aws.amazon.com/iam/home#/roles/details/BackupRole',
      'vault https://ap-northeast-1.console.aws.amazon.com/backup/home?region=ap-northeast-1#/backupvaults/details/prod-vault',
      'plan https://ap-northeast-1.console.aws.amazon.com/backup/home?region=ap-northeast-1#/backupplan/details/8f1c2d3e-4a5b-4c6d-9e7f-0a1b2c3d4e5f',
      'job https://ap-northeast-1.console.aws.amazon.com/backup/home?region=ap-northeast-1#/jobs/backup/details/5f1d6a0e-1c2b-4d8e-9f31-7a2b3c4d5e01',
    ]);
  });

  it.each([
    ['aws-cn', 'cn-north-1', 'console.amazonaws.cn'],
    ['aws-us-gov', 'us-gov-west-1', 'console.amazonaws-us-gov.com'],
  ])('links use the console of the %s partition', (partition, region, host) => {
    // Prepare: the first demo's failure, as it would come from a region of another partition.
    const base = demoDiagnoses().find((x) => x.id === '01-role-not-trusted')!.diagnosis;
    const swap = (arn?: string) => arn?.replace(/^arn:aws:/, `arn:${partition}:`).replaceAll('ap-northeast-1', region);
    const d: Diagnosis = {
      ...base,
      event: { ...base.event, region, roleArn: swap(base.event.roleArn), ...(base.event.resourceArn ? { resourceArn: swap(base.event.resourceArn) } : {}) },
    };
    // Act
    const urls = consoleLinks(d).map((l) => l.url);
    // Assess
    expect(urls[0]).toBe(`https://${host}/iam/home#/roles/details/BackupRole`);
    for (const u of urls.slice(1)) expect(u.startsWith(`https://${region}.${host}/`)).toBe(true);
    expect(urls.join(' ')).not.toContain('console.aws.amazon.com');
  });
});
