/** Publishing: SNS fan-out (email, Slack queue, AWS Chatbot) with idempotency per side effect. */
export {
  IdempotencyStore,
  DeliveryOutcomeUnknown,
  sdkSendFailure,
  publishKey,
  seenKey,
  slackKey,
  ecsVersionKey,
  type AdmitResult,
  type Claim,
  type ClaimResult,
  type SendFailure,
  type IdempotencyOptions,
} from './idempotency.ts';
export {
  buildSnsPublish,
  snsSubject,
  fallbackSubject,
  truncateBytes,
  SNS_MAX_MESSAGE_BYTES,
  SNS_MAX_SUBJECT_CHARS,
  MESSAGE_TYPE_ATTRIBUTE,
  DIAGNOSIS_MESSAGE_TYPE,
  DIAGNOSIS_ID_ATTRIBUTE,
  type RenderedDiagnosis,
} from './sns-message.ts';
export {
  publishDiagnosis,
  publishOnce,
  renderForPublish,
  type PublishContext,
  type PublishFormat,
  type Renderers,
} from './publish-diagnosis.ts';
export { deliveryKey } from './delivery-key.ts';
