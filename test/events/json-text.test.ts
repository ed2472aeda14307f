/**
 * parseEventText: the CLI's EVENT.json. Syntax errors name the line and column on one line.
 */
import { describe, expect, it } from 'vitest';
import { parseEventText } from '../../lambdas/events/index.ts';
import { findJsonSyntaxError } from '../../lambdas/events/json-text.ts';
import { errorOf, fixtureText, single } from './fixtures.ts';

describe('parseEventText', () => {
  it('parses a real event file', () => {
    // Prepare
    const text = fixtureText('copy-job-failed.json');

    // Act
    const event = single(parseEventText(text, 'EVENT.json'));

    // Assess
    expect(event).toMatchObject({ kind: 'copy-job', id: '47C8EF56-74D8-059D-1301-C5BE1D5C926E' });
  });

  it('parses a file that starts with a byte-order mark', () => {
    const event = single(parseEventText(`\uFEFF${fixtureText('backup-job-failed.json')}`, 'EVENT.json'));

    expect(event.state).toBe('FAILED');
  });

  it.each([
    ['{\n  "a": 1,\n  }', "Expected double-quoted property name, found '}' at line 3 column 3"],
    ['{\n "detail-type": "Backup Job State Change"\n "source": "aws.backup"\n}', "Expected ',' or '}' after property value, found '\"' at line 3 column 2"],
    ['[1, 2', 'Unexpected end of JSON input at line 1 column 6'],
    ['{"a": tru}', "Unexpected token '}' at line 1 column 10"],
    ['{"a": 1} x', 'Unexpected non-whitespace character after JSON at line 1 column 10'],
    ['{"a": "b\nc"}', 'Bad control character in string literal at line 1 column 9'],
    ['{"a": "\\x"}', 'Bad escaped character in string literal at line 1 column 8'],
    ['{"a": "open', 'Unterminated string in JSON at line 1 column 12'],
    ["{'a': 1}", "Expected double-quoted property name, found ''' at line 1 column 2"],
    ['{"a" 1}', "Expected ':' after property name, found '1' at line 1 column 6"],
    ['[1,]', "Unexpected token ']' at line 1 column 4"],
    ['-', 'Unexpected end of JSON input at line 1 column 2'],
    ['{"a":\u0001}', "Unexpected token '\\u0001' at line 1 column 6"],
  ])('reports the position of the syntax error in %j', (text, expected) => {
    const error = errorOf(parseEventText(text, 'EVENT.json'));

    expect(error).toBe(`EVENT.json is not JSON: ${expected}`);
  });

  it('reports the line of an error deep in a real event file', () => {
    const text = fixtureText('backup-job-expired.json').replace('"state": "EXPIRED",', '"state": "EXPIRED"');

    const error = errorOf(parseEventText(text, 'EVENT.json'));

    expect(error).toBe("EVENT.json is not JSON: Expected ',' or '}' after property value, found '\"' at line 20 column 3");
  });

  it.each([[''], ['   \n\t'], ['\uFEFF']])('reports empty text %j', (text) => {
    expect(errorOf(parseEventText(text, 'EVENT.json'))).toBe('EVENT.json is empty');
  });

  it('names the text "input" by default', () => {
    expect(errorOf(parseEventText('nope'))).toBe("input is not JSON: Unexpected token 'o' at line 1 column 2");
  });

  it('passes valid JSON to the event parser', () => {
    expect(errorOf(parseEventText('{"source": "aws.s3", "detail-type": "Object Created"}'))).toBe(
      'unsupported event: source "aws.s3", detail-type "Object Created"',
    );
  });

  it('reports the V8 position where V8 reports one', () => {
    const samples = ['{"a":1,}', '[1 2]', '{"a":1} x', '{"a":"\u0001"}'];

    for (const text of samples) {
      const v8 = positionFromV8(text);
      expect(findJsonSyntaxError(text)?.offset).toBe(v8);
    }
  });
});

function positionFromV8(text: string): number | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (e) {
    const match = /at position (\d+)/.exec(e instanceof Error ? e.message : '');
    return match ? Number(match[1]) : undefined;
  }
}
