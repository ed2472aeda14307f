/**
 * Checks of BackupDoctor's properties at synth time. A mistake is an error annotation: `cdk synth` and
 * `cdk deploy` stop on it and print one line that names the construct and the property, with no stack trace.
 * A responder with no subscriber at all is allowed (the topic can be subscribed to later) but warned about.
 */
import { Annotations, Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** The properties checked here (a subset of BackupDoctorProps, which may grow). */
export interface CheckedProps {
  readonly notifyEmail?: string;
  readonly slackWebhookSecretName?: string;
  readonly chatbotSlackChannelId?: string;
  readonly chatbotSlackWorkspaceId?: string;
  readonly lang?: string;
}

/** The notification languages. */
export const LANGS = ['en', 'ja'] as const;

/** SMTP's limit on a forward path (RFC 5321, 4.5.3.1.3). */
const MAX_EMAIL_LENGTH = 254;

/**
 * Whether `value` looks like an email address SNS can subscribe: one "@", a non-empty local part, a domain with a
 * dot inside it, no whitespace. Checked by position, not by a pattern, so any input takes linear time.
 */
export function isEmailAddress(value: string): boolean {
  if (value.length === 0 || value.length > MAX_EMAIL_LENGTH || /\s/.test(value)) return false;
  const at = value.indexOf('@');
  if (at <= 0 || at !== value.lastIndexOf('@')) return false;
  const domain = value.slice(at + 1);
  const dot = domain.indexOf('.');
  return dot > 0 && !domain.endsWith('.') && !domain.includes('..');
}

const given = (value: string | undefined): value is string => value !== undefined && !Token.isUnresolved(value);

/** Annotates `scope` with an error per invalid property, and a warning when nothing would receive a diagnosis. */
export function checkProps(scope: IConstruct, props: CheckedProps): void {
  const errors: string[] = [];
  if (given(props.notifyEmail) && !isEmailAddress(props.notifyEmail)) {
    errors.push(`notifyEmail "${props.notifyEmail}" is not an email address (expected a form like ops@example.com)`);
  }
  const channel = props.chatbotSlackChannelId;
  const workspace = props.chatbotSlackWorkspaceId;
  if ((channel === undefined) !== (workspace === undefined)) {
    const [set, missing] = channel === undefined ? ['chatbotSlackWorkspaceId', 'chatbotSlackChannelId'] : ['chatbotSlackChannelId', 'chatbotSlackWorkspaceId'];
    errors.push(`${set} is set but ${missing} is not: AWS Chatbot needs both the Slack workspace id and the channel id`);
  }
  if (given(props.lang) && !(LANGS as readonly string[]).includes(props.lang)) {
    errors.push(`lang "${props.lang}" is not supported: use ${LANGS.map((l) => `"${l}"`).join(' or ')}`);
  }
  for (const error of errors) Annotations.of(scope).addError(`backup-doctor: ${error}`);

  if (props.notifyEmail === undefined && props.slackWebhookSecretName === undefined && channel === undefined && workspace === undefined) {
    Annotations.of(scope).addWarningV2(
      'backup-doctor:no-subscriber',
      'backup-doctor: no subscriber, so diagnoses reach only the SNS topic. Add one with notifyEmail ' +
        '(-c notifyEmail=ops@example.com), slackWebhookSecretName, or chatbotSlackWorkspaceId with chatbotSlackChannelId.',
    );
  }
}
