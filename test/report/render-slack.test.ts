import { describe, expect, it } from 'vitest';
import { COMMON_MESSAGES, chatMessages, mergeMessages } from '../../lambdas/report/index.ts';
import { render, renderSlack } from '../../lambdas/pipeline/report.ts';
import { FIX_COMMAND, MENTIONS, TEST_MESSAGES, failWithFix, hostile, inconclusiveWithGaps, unknownNoFindings } from './fixtures.ts';

const table = mergeMessages(COMMON_MESSAGES, TEST_MESSAGES);
const ALL = { failWithFix, inconclusiveWithGaps, unknownNoFindings, hostile };

interface TextObject {
  type: string;
  text: string;
}
interface Block {
  type: string;
  text?: TextObject;
  fields?: TextObject[];
  elements?: TextObject[];
}

const payloadOf = (json: string) => JSON.parse(json) as { text: string; blocks: Block[] };
/** Every text a user can see: the fallback and each text object of each block. */
const textsOf = (p: { text: string; blocks: Block[] }) => [
  p.text,
  ...p.blocks.flatMap((b) => [b.text?.text, ...(b.fields ?? []).map((f) => f.text), ...(b.elements ?? []).map((e) => e.text)]),
].filter((t): t is string => t !== undefined);

describe('renderSlack', () => {
  for (const [name, diagnosis] of Object.entries(ALL)) {
    for (const lang of ['en', 'ja'] as const) {
      it(`keeps Block Kit limits for ${name} in ${lang}`, () => {
        // Act
        const p = payloadOf(renderSlack(diagnosis, { lang, table }));

        // Assess
        expect(p.text.length).toBeGreaterThan(0);
        expect(p.blocks.length).toBeLessThanOrEqual(50);
        expect(p.blocks[0]?.type).toBe('header');
        expect(p.blocks[0]?.text?.type).toBe('plain_text');
        expect(p.blocks[0]?.text?.text.length).toBeLessThanOrEqual(150);
        for (const b of p.blocks.filter((b) => b.type === 'section')) {
          expect(b.text?.type).toBe('mrkdwn');
          expect(b.text?.text.length).toBeLessThanOrEqual(3000);
          expect((b.fields ?? []).length).toBeLessThanOrEqual(10);
          for (const f of b.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(2000);
        }
        for (const b of p.blocks.filter((b) => b.type === 'context')) {
          expect((b.elements ?? []).length).toBeLessThanOrEqual(10);
        }
      });
    }
  }

  it('leaves no mention, channel link or raw markup from hostile strings', () => {
    // Act
    const p = payloadOf(renderSlack(hostile, { lang: 'en', table }));
    const texts = textsOf(p);

    // Assess
    for (const text of texts) {
      for (const mention of MENTIONS) expect(text).not.toContain(mention);
      // The only "<" left opens a docs link that we wrote ourselves.
      expect(text.replace(/<https:\/\/[^\s<>|]+\|[^<>]*>/g, '').replace(/^>/gm, '')).not.toMatch(/[<>]/);
      // Every "&" is an escape.
      expect(text.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
    }
    expect(texts.join('\n')).toContain('&lt;!channel&gt;');
  });

  it('closes every code block, even in truncated sections', () => {
    // Act
    const p = payloadOf(renderSlack(hostile, { lang: 'en', table }));

    // Assess
    for (const text of textsOf(p)) expect((text.match(/```/g) ?? []).length % 2).toBe(0);
  });

  it('shows at most ten failing findings and counts the rest', () => {
    // Act
    const p = payloadOf(renderSlack(hostile, { lang: 'en', table }));
    const all = textsOf(p).join('\n');

    // Assess
    expect(all).toContain('test-hostile-9');
    expect(all).not.toContain('test-hostile-10`');
    expect(all).toContain('and 50 more');
  });

  it('leaves out a policy document too long for chat and says where it is, instead of cutting it', () => {
    // Act
    const all = textsOf(payloadOf(renderSlack(hostile, { lang: 'en', table: mergeMessages(table, chatMessages) }))).join('\n');

    // Assess
    expect(all).not.toContain('"Sid": "S0"');
    expect(all).not.toContain('"Sid": "S199"');
    expect(all).toContain('The document is too long for chat');
  });

  it('puts the headline in the header and the fix command in a code block', () => {
    // Act
    const p = payloadOf(renderSlack(failWithFix, { lang: 'en', table }));
    const all = textsOf(p).join('\n');

    // Assess
    expect(p.blocks[0]?.text?.text).toBe('Backup vault 9ab3e749-82c6-4342-9320-5edbf4918b86 does not exist');
    expect(all).toContain(`\`\`\`\n${FIX_COMMAND}\n\`\`\``);
    expect(all).toContain('*Cause*');
    expect(all).toContain('<https://docs.aws.amazon.com/aws-backup/latest/devguide/create-a-vault.html|Docs>');
  });

  it('writes Japanese section titles', () => {
    // Act
    const all = textsOf(payloadOf(renderSlack(inconclusiveWithGaps, { lang: 'ja', table }))).join('\n');

    // Assess
    expect(all).toContain('*確認できなかった項目*');
    expect(all).toContain('（kms:GetKeyPolicy で AccessDeniedException）');
  });

  it('is what render() returns for slack', () => {
    expect(render(unknownNoFindings, { format: 'slack', lang: 'en', table })).toBe(renderSlack(unknownNoFindings, { lang: 'en', table }));
  });
});
