/**
 * The intake key's grant to EventBridge, narrowed. CDK's SQS target lets `events.amazonaws.com` use an encrypted
 * queue's key with no condition, so any account's rule could encrypt with it. A Deny in the key policy limits the
 * service to this account (`aws:SourceAccount`) and to the routes' own rules (`aws:SourceArn`). The IfExists forms
 * deny whenever a request names another account or rule; a request that carries neither key is left to the
 * queue policy, which already names the rules, so that delivery never depends on how KMS is called.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sqs-permissions
 */
import { Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';

/** Denies EventBridge every use of the key except from these rules of this account. */
export function limitEventBridgeOnKey(key: IKey, account: string, ruleArns: readonly string[]): void {
  key.addToResourcePolicy(
    new PolicyStatement({
      sid: 'DenyEventBridgeOutsideTheRoutes',
      effect: Effect.DENY,
      principals: [new ServicePrincipal('events.amazonaws.com')],
      actions: ['kms:*'],
      resources: ['*'],
      conditions: { StringNotEqualsIfExists: { 'aws:SourceAccount': account } },
    }),
  );
  key.addToResourcePolicy(
    new PolicyStatement({
      sid: 'DenyEventBridgeRulesOtherThanTheRoutes',
      effect: Effect.DENY,
      principals: [new ServicePrincipal('events.amazonaws.com')],
      actions: ['kms:*'],
      resources: ['*'],
      conditions: { ArnNotEqualsIfExists: { 'aws:SourceArn': [...ruleArns] } },
    }),
  );
}
