/**
 * Control characters and bidirectional overrides from AWS-provided text never reach a reader raw: not in any
 * rendered format, not in the Chatbot metadata, not in the handler logs.
 */
import { describe, expect, it } from 'vitest';
import { loadScenarios } from '../../lambdas/cli/scenarios.ts';
import { diagnose } from '../../lambdas/pipeline/index.ts';
import { excerpt } from '../../lambdas/handlers/logger.ts';
import { type Format, render, renderChatbot } from '../../lambdas/pipeline/report.ts';
import { hasUnsafe, jsonSafe, neutralise } from '../../lambdas/report/unsafe.ts';

const HOSTILE = 'Denied \u001b]0;owned\u0007 \u001b[31mred\u001b[0m \u009b2J \u202eevil\u202c \u2066iso\u2069 \u202atext\u202b\u202d';
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const scenario = loadScenarios()[0];
if (!scenario) throw new Error('no demo scenario');
const hostileEvent = {
  ...scenario.event,
  id: `id-${HOSTILE}`,
  statusMessage: HOSTILE,
  resourceArn: `arn:aws:ec2:ap-northeast-1:111122223333:volume/vol-1 <!channel> \u202e`,
};
const diagnosis = diagnose(hostileEvent, scenario.evidence, { now: scenario.now });

describe('unsafe characters', () => {
  it.each((['text', 'json', 'slack', 'chatbot', 'email'] as Format[]).flatMap((f) => [[f, 'en'] as const, [f, 'ja'] as const]))(
    'never appear raw in the %s form (%s)',
    (format, lang) => {
      const out = render(diagnosis, { format, lang });

      expect(out).not.toMatch(RAW);
    },
  );

  it('keeps the JSON forms lossless: the parsed status message is the original', () => {
    const parsed = JSON.parse(render(diagnosis, { format: 'json', lang: 'en' })) as Record<string, unknown>;

    expect(JSON.stringify(parsed)).toContain(JSON.stringify(HOSTILE).slice(1, -1).replace(/\u001b/g, '\\u001b'));
  });

  it('escapes the Chatbot related resources and id', () => {
    const chatbot = JSON.parse(renderChatbot(diagnosis, { lang: 'en' })) as {
      id: string;
      metadata: { relatedResources: string[] };
    };

    const resource = chatbot.metadata.relatedResources.find((r) => r.includes('vol-1'));
    expect(resource).toContain('&lt;!channel&gt;');
    expect(resource).not.toContain('<!channel>');
    expect(hasUnsafe(resource ?? '')).toBe(false);
    expect(hasUnsafe(chatbot.id)).toBe(false);
  });

  it('shows each character as a visible escape and keeps newlines and tabs', () => {
    expect(neutralise('a\u001bb\u202ec\n\td\u009b')).toBe('a\\x1bb\\u202ec\n\td\\x9b');
    expect(jsonSafe(JSON.stringify('\u202e\u0085'))).toBe('"\\u202e\\u0085"');
  });

  it('logs excerpts without raw escapes', () => {
    expect(excerpt(HOSTILE)).not.toMatch(RAW);
  });
});
