import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { classifyCommand } from '../../lambdas/cli/classify.ts';

async function run(args: string[], input: string): Promise<{ code: number; out: string[]; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const outChunks: Buffer[] = [];
  const errChunks: Buffer[] = [];
  stdout.on('data', (c: Buffer) => outChunks.push(c));
  stderr.on('data', (c: Buffer) => errChunks.push(c));
  const code = await classifyCommand(args, { stdin: Readable.from([input]), stdout, stderr });
  const out = Buffer.concat(outChunks).toString('utf8').split('\n').filter((l) => l.length > 0);
  return { code, out, err: Buffer.concat(errChunks).toString('utf8') };
}

// Texts from eventbridge.html and troubleshoot-ebs-volumes-scenarios.html.
const LINES = [
  JSON.stringify({ text: '"Backup job was stopped by user."', source: 'backup', state: 'ABORTED' }),
  '',
  '{not json',
  JSON.stringify({ text: 'ECS timed out while configuring the EBS volume attachment to your Task', source: 'ecs' }),
  JSON.stringify({ source: 'ecs' }),
  JSON.stringify({ text: 'nothing known here' }),
];

describe('classifyCommand', () => {
  it('writes exactly one line per input line, in order, with keys category, ruleId, confidence', async () => {
    const { code, out } = await run(['--jsonl'], LINES.join('\n'));

    expect(code).toBe(0);
    expect(out).toHaveLength(LINES.length);
    expect(Object.keys(JSON.parse(out[0] ?? '{}'))).toEqual(['category', 'ruleId', 'confidence']);
    expect(JSON.parse(out[0] ?? '{}').category).toBe('user-action');
    expect(JSON.parse(out[3] ?? '{}').category).toBe('filesystem-format');
    expect(JSON.parse(out[5] ?? '{}')).toEqual({ category: 'unknown', ruleId: 'unknown', confidence: 0 });
  });

  it('answers blank and malformed lines with invalid-input and a warning naming the line', async () => {
    const { out, err } = await run(['--jsonl'], LINES.join('\n'));

    for (const i of [1, 2, 4]) expect(JSON.parse(out[i] ?? '{}')).toEqual({ category: 'unknown', ruleId: 'invalid-input', confidence: 0 });
    expect(err).toMatch(/line 2\b/);
    expect(err).toMatch(/line 3\b/);
    expect(err).toMatch(/line 5\b/);
    expect(err.trim().split('\n')).toHaveLength(3);
  });

  it('prints a usage error and exits 2 without --jsonl', async () => {
    const { code, out, err } = await run([], LINES.join('\n'));

    expect(code).toBe(2);
    expect(out).toHaveLength(0);
    expect(err).toMatch(/usage/);
  });

  it('handles CRLF line endings', async () => {
    const { out } = await run(['--jsonl'], `${LINES[0]}\r\n${LINES[3]}\r\n`);

    expect(out).toHaveLength(2);
  });
});
