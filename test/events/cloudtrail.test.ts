import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodedMessageOf, isDeniedCode } from '../../lambdas/events/cloudtrail.ts';
import { parseInput } from '../../lambdas/events/index.ts';

const load = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../fixtures/events/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;

describe('CloudTrail denied calls', () => {
  it('parses the real Client.UnauthorizedOperation record: the role, the action, the caller and the encoded message', () => {
    const parsed = parseInput(load('aws-api-call-via-cloudtrail-ec2-runinstances-denied.json'));

    expect(parsed.ok).toBe(true);
    const event = parsed.ok ? parsed.events[0] : undefined;
    expect(event).toMatchObject({
      kind: 'access-denied',
      id: '1a4debbb-12e9-4bde-b8c7-ea29002bb2a7',
      account: '900138736586',
      region: 'ca-south-3r',
      time: '2024-08-01T11:30:23Z',
      state: 'Client.UnauthorizedOperation',
      roleArn: 'arn:aws:iam::900138736586:role/stratus-red-team-ec2lui-role-idtzskbvtd',
      denied: {
        action: 'ec2:RunInstances',
        errorCode: 'Client.UnauthorizedOperation',
        principalArn: 'arn:aws:sts::900138736586:assumed-role/stratus-red-team-ec2lui-role-idtzskbvtd/aws-go-sdk-1722511821294449000',
        sessionName: 'aws-go-sdk-1722511821294449000',
        sourceIp: '06.237.252.245',
        readOnly: false,
      },
    });
    expect(event?.denied?.encodedMessage?.startsWith('T-kSWIRFn32_')).toBe(true);
    expect(event?.statusMessage).toContain('is not authorized to perform: ec2:RunInstances');
  });

  it('parses an AccessDenied of another service with the IAM prefix of its event source', () => {
    const parsed = parseInput(load('aws-api-call-via-cloudtrail-route53-changeresourcerecordsets-denied.synthetic.json'));

    expect(parsed.ok && parsed.events[0]?.denied?.action).toBe('route53:ChangeResourceRecordSets');
  });

  it('rejects a CloudTrail call that was not denied, in one line', () => {
    const event = load('aws-api-call-via-cloudtrail-ec2-runinstances-denied.json');
    const { errorCode: _code, errorMessage: _message, ...detail } = event['detail'] as Record<string, unknown>;

    const parsed = parseInput({ ...event, detail });

    expect(parsed).toEqual({ ok: false, error: 'unsupported AWS API Call via CloudTrail event: RunInstances was not denied (errorCode absent)' });
  });

  it('knows the denial codes', () => {
    expect(['AccessDenied', 'AccessDeniedException', 'Client.UnauthorizedOperation', 'UnauthorizedOperation'].map(isDeniedCode)).toEqual([true, true, true, true]);
    expect(['ThrottlingException', 'Client.InvalidParameterValue', undefined].map(isDeniedCode)).toEqual([false, false, false]);
  });

  it('reads the encoded message of a hostile megabyte message in one pass', () => {
    const huge = `${'x '.repeat(500_000)}Encoded authorization failure message: abc${' '.repeat(100_000)}`;

    expect(encodedMessageOf(huge)).toBe('abc');
    expect(encodedMessageOf('a'.repeat(1_000_000))).toBeUndefined();
  });
});
