/**
 * Synth-time checks of BackupDoctor's properties: a mistake stops `cdk synth` with one line per mistake and no
 * stack trace; no subscriber at all is a warning that says how to add one.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BackupDoctor, type BackupDoctorProps } from '../../lib/index.ts';
import { isEmailAddress } from '../../lib/validate.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function annotationsOf(props: BackupDoctorProps): Annotations {
  const app = new App();
  const stack = new Stack(app, 'S', { env: { account: '111122223333', region: 'ap-northeast-1' } });
  new BackupDoctor(stack, 'Doctor', props);
  return Annotations.fromStack(stack);
}

const errorsOf = (props: BackupDoctorProps): string[] =>
  annotationsOf(props)
    .findError('*', Match.anyValue())
    .map((m) => String(m.entry.data));

describe('BackupDoctor property checks', { timeout: 300_000 }, () => {
  it.each([
    ['an invalid email', { notifyEmail: 'ops.example.com' }, /^backup-doctor: notifyEmail "ops\.example\.com" is not an email address/],
    ['a channel without a workspace', { notifyEmail: 'ops@example.com', chatbotSlackChannelId: 'C0123456789' }, /chatbotSlackChannelId is set but chatbotSlackWorkspaceId is not/],
    ['a workspace without a channel', { notifyEmail: 'ops@example.com', chatbotSlackWorkspaceId: 'T0123456789' }, /chatbotSlackWorkspaceId is set but chatbotSlackChannelId is not/],
    ['an unknown language', { notifyEmail: 'ops@example.com', lang: 'fr' as never }, /^backup-doctor: lang "fr" is not supported: use "en" or "ja"$/],
  ])('reports %s as one error line', (_name, props, pattern) => {
    const errors = errorsOf(props);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(pattern);
    expect(errors[0]).not.toContain('\n');
  });

  it.each([
    { notifyEmail: 'ops@example.com' },
    { slackWebhookSecretName: 'backup-doctor/slack' },
    { chatbotSlackChannelId: 'C0123456789', chatbotSlackWorkspaceId: 'T0123456789', lang: 'ja' as const },
  ])('accepts %j without an error or a warning', (props) => {
    const annotations = annotationsOf(props);
    expect(annotations.findError('*', Match.anyValue())).toEqual([]);
    expect(annotations.findWarning('*', Match.stringLikeRegexp('no subscriber'))).toEqual([]);
  });

  it('warns, saying how to add one, when nothing subscribes to the diagnoses', () => {
    const annotations = annotationsOf({});
    expect(annotations.findError('*', Match.anyValue())).toEqual([]);
    const [warning] = annotations.findWarning('*', Match.stringLikeRegexp('no subscriber'));
    expect(String(warning?.entry.data)).toMatch(/notifyEmail.*slackWebhookSecretName.*chatbotSlackWorkspaceId/);
  });

  it('tells email addresses apart by position, in linear time on hostile input', () => {
    for (const ok of ['ops@example.com', 'a.b+tag@sub.example.co.jp']) expect(isEmailAddress(ok), ok).toBe(true);
    for (const bad of ['', 'ops', '@example.com', 'ops@', 'ops@example', 'ops@example.', 'a@b@example.com', 'ops @example.com', 'ops@ex..com']) {
      expect(isEmailAddress(bad), bad).toBe(false);
    }
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => typeof isEmailAddress(s) === 'boolean'));
    const hostile = `a@${'a.'.repeat(500_000)} `;
    expect(isEmailAddress(hostile)).toBe(false);
  });

  it('stops `cdk synth` with one line per mistake and no stack trace', async () => {
    const out = mkdtempSync(join(tmpdir(), 'backup-doctor-synth-'));
    try {
      const args = ['cdk', 'synth', '-q', '-o', out, '-c', 'lang=fr', '-c', 'notifyEmail=ops', '-c', 'chatbotSlackChannelId=C0123456789'];
      const { code, text } = await new Promise<{ code: number | null; text: string }>((resolve) => {
        const child = execFile('npx', args, { cwd: ROOT, env: { ...process.env, CI: 'true' }, maxBuffer: 16 * 1024 * 1024 });
        let text = '';
        child.stdout?.on('data', (c) => (text += c));
        child.stderr?.on('data', (c) => (text += c));
        child.on('close', (c) => resolve({ code: c, text }));
      });
      expect(code).not.toBe(0);
      expect(text).toMatch(/^.*backup-doctor: notifyEmail "ops" is not an email address.*$/m);
      expect(text).toMatch(/backup-doctor: chatbotSlackChannelId is set but chatbotSlackWorkspaceId is not/);
      expect(text).toMatch(/backup-doctor: lang "fr" is not supported: use "en" or "ja"/);
      expect(text).not.toMatch(/^\s+at /m);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 600_000);
});
