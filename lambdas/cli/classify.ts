/**
 * `backup-doctor classify --jsonl`: classifies one status message per input line and writes exactly one
 * result line per input line, in order, streaming so that large inputs work.
 */
import { neutralise } from '../report/unsafe.ts';
import { createInterface } from 'node:readline';
import { classify } from '../catalog/index.ts';

/** The streams the command uses (process.stdin/stdout/stderr in the CLI, in-memory streams in tests). */
export interface ClassifyIo {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

const USAGE = 'usage: backup-doctor classify --jsonl < in.jsonl > out.jsonl\n';

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function classifyLine(line: string): { category: string; ruleId: string; confidence: number } | string {
  if (line.trim().length === 0) return 'blank line';
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return 'not valid JSON';
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'not a JSON object';
  const record = parsed as Record<string, unknown>;
  if (typeof record['text'] !== 'string') return 'missing string field "text"';
  const c = classify({
    text: record['text'],
    source: optionalString(record['source']),
    jobType: optionalString(record['jobType']),
    state: optionalString(record['state']),
  });
  return { category: c.category, ruleId: c.ruleId, confidence: c.confidence };
}

function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve) => {
    if (stream.write(text)) resolve();
    else stream.once('drain', () => resolve());
  });
}

/** Runs the command. Returns the exit code: 0, 2 for a usage error, 1 when stdin could not be read. */
export async function classifyCommand(
  args: string[],
  io: ClassifyIo,
): Promise<number> {
  if (!args.includes('--jsonl')) {
    io.stderr.write(USAGE);
    return 2;
  }
  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
  let lineNo = 0;
  try {
    for await (const line of lines) {
      lineNo += 1;
      const result = classifyLine(line);
      if (typeof result === 'string') {
        io.stderr.write(neutralise(`classify: line ${lineNo}: ${result}\n`));
        await write(io.stdout, `${JSON.stringify({ category: 'unknown', ruleId: 'invalid-input', confidence: 0 })}\n`);
      } else {
        await write(io.stdout, `${JSON.stringify(result)}\n`);
      }
    }
  } catch (error) {
    io.stderr.write(neutralise(`classify: cannot read stdin after line ${lineNo}: ${error instanceof Error ? error.message : String(error)}\n`));
    return 1;
  }
  return 0;
}
