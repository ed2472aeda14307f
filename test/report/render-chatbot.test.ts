import { describe, expect, it } from 'vitest';
import { COMMON_MESSAGES, mergeMessages } from '../../lambdas/report/index.ts';
import { render, renderChatbot } from '../../lambdas/pipeline/report.ts';
import { FIX_COMMAND, MENTIONS, TEST_MESSAGES, failWithFix, hostile, inconclusiveWithGaps, unknownNoFindings } from './fixtures.ts';

const table = mergeMessages(COMMON_MESSAGES, TEST_MESSAGES);
const ALL = { failWithFix, inconclusiveWithGaps, unknownNoFindings, hostile };

interface Notification {
  version: string;
  source: string;
  id?: string;
  content: { textType: string; title?: string; description: string; nextSteps?: string[]; keywords?: string[] };
  metadata?: { threadId?: string; summary?: string; relatedResources?: string[] };
}

describe('renderChatbot', () => {
  for (const [name, diagnosis] of Object.entries(ALL)) {
    for (const lang of ['en', 'ja'] as const) {
      it(`follows the custom notification schema for ${name} in ${lang}`, () => {
        // Act
        const n = JSON.parse(renderChatbot(diagnosis, { lang, table })) as Notification;

        // Assess
        expect(n.version).toBe('1.0');
        expect(n.source).toBe('custom');
        expect(Object.keys(n).every((k) => ['version', 'source', 'id', 'content', 'metadata'].includes(k))).toBe(true);
        expect(Object.keys(n.content).every((k) => ['textType', 'title', 'description', 'nextSteps', 'keywords'].includes(k))).toBe(true);
        expect(
          Object.keys(n.metadata ?? {}).every((k) => ['threadId', 'summary', 'eventType', 'relatedResources', 'additionalContext'].includes(k)),
        ).toBe(true);
        expect(n.content.textType).toBe('client-markdown');
        expect(n.content.description.length).toBeGreaterThan(0);
        expect(n.content.description.length).toBeLessThanOrEqual(3000);
        expect(n.content.title?.length ?? 0).toBeLessThanOrEqual(150);
        expect(n.content.nextSteps?.length ?? 0).toBeLessThanOrEqual(5);
        for (const step of n.content.nextSteps ?? []) expect(typeof step).toBe('string');
        for (const k of n.content.keywords ?? []) expect(k.length).toBeLessThanOrEqual(50);
      });
    }
  }

  it('puts the fix and its command in next steps', () => {
    // Act
    const n = JSON.parse(renderChatbot(failWithFix, { lang: 'en', table })) as Notification;

    // Assess
    expect(n.content.title).toContain('Backup vault 9ab3e749-82c6-4342-9320-5edbf4918b86 does not exist');
    expect(n.content.nextSteps?.[0]).toBe(
      `Create the vault again, or point the backup rule at an existing vault. \`${FIX_COMMAND}\``,
    );
    expect(n.content.keywords).toEqual(['resource-not-found', 'backup-job', 'FAILED']);
    expect(n.metadata?.relatedResources).toContain('arn:aws:iam::1112233445566:role/MockRCBackupTestRole');
  });

  it('gives one thread per root cause', () => {
    // Act
    const a = JSON.parse(renderChatbot(failWithFix, { lang: 'en', table })) as Notification;
    const b = JSON.parse(renderChatbot({ ...failWithFix, generatedAt: '2026-11-23T00:00:00.000Z' }, { lang: 'ja', table })) as Notification;
    const c = JSON.parse(renderChatbot(unknownNoFindings, { lang: 'en', table })) as Notification;

    // Assess
    expect(a.metadata?.threadId).toBe(b.metadata?.threadId);
    expect(a.metadata?.threadId).not.toBe(c.metadata?.threadId);
  });

  it('leaves no mention from hostile strings and no whole policy document', () => {
    // Act
    const json = renderChatbot(hostile, { lang: 'en', table });
    const n = JSON.parse(json) as Notification;
    const texts = [n.content.title ?? '', n.content.description, ...(n.content.nextSteps ?? []), n.metadata?.summary ?? ''];

    // Assess
    for (const text of texts) {
      for (const mention of MENTIONS) expect(text).not.toContain(mention);
      // A ">" starting a line is our own quote marker; "<https://…|Label>" our own console link, its URL built.
      const links = [...text.matchAll(/<(https:\/\/[^\s<>|]+)\|[^<>|]*>/g)].map((m) => m[1]);
      for (const url of links) expect(url).toMatch(/^https:\/\/([a-z0-9-]+\.)?console\.aws\.amazon\.com\/[\w/?=#.%-]+$/);
      expect(text.replace(/^>/gm, '').replace(/<https:\/\/[^\s<>|]+\|[^<>|]*>/g, '')).not.toMatch(/[<>]/);
    }
    expect(json).not.toContain('S199');
  });

  it('writes the description in Japanese', () => {
    // Act
    const n = JSON.parse(renderChatbot(inconclusiveWithGaps, { lang: 'ja', table })) as Notification;

    // Assess
    expect(n.content.description).toContain('*確認できなかった項目*');
    expect(n.content.description).toContain('*ステータスメッセージ（AWS から届いたまま）*');
  });

  it('is what render() returns for chatbot', () => {
    expect(render(failWithFix, { format: 'chatbot', lang: 'ja', table })).toBe(renderChatbot(failWithFix, { lang: 'ja', table }));
  });
});
