/**
 * One EventBridge rule per route of the routes table, each targeting the intake queue with an explicit retry
 * policy and its own dead-letter queue. The queue accepts EventBridge deliveries from these rules alone.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-retry-policy.html
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sqs-permissions
 */
import { Duration, Names, Stack } from 'aws-cdk-lib';
import { CfnRule, type EventPattern as CdkEventPattern, type IEventBus, Rule } from 'aws-cdk-lib/aws-events';
import { Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type RoutePattern, eventPatterns } from '../lambdas/catalog/routes.ts';
import { CLOUDTRAIL_DETAIL_TYPE } from '../lambdas/events/cloudtrail.ts';

/** Properties of the routing. */
export interface RoutingProps {
  readonly queue: IQueue;
  readonly deadLetterQueue: IQueue;
  /** The routes to deploy; the whole routes table by default. */
  readonly patterns?: readonly RoutePattern[];
  /** Further buses whose events take the same routes (an organization's central bus), besides the default bus. */
  readonly eventBuses?: readonly IEventBus[];
}

/** EventBridge's own limits, set explicitly: 24 hours and 185 attempts. */
export const TARGET_RETRY = { maxEventAge: Duration.hours(24), retryAttempts: 185 } as const;

/** The EventBridge rules on the default bus. */
export class Routing extends Construct {
  readonly rules: readonly Rule[];
  /**
   * The rules' ARNs as plain strings (the rules have fixed names), so that a key policy can name them without
   * depending on the rules, which depend on the queue, which depends on the key.
   */
  readonly ruleArns: readonly string[];

  constructor(scope: Construct, id: string, props: RoutingProps) {
    super(scope, id);
    const buses: (IEventBus | undefined)[] = [undefined, ...(props.eventBuses ?? [])];
    const names: string[] = [];
    this.rules = buses.flatMap((bus) => (props.patterns ?? eventPatterns()).map(({ id: routeId, pattern }) => {
      const eventPattern: CdkEventPattern = {
        source: [...pattern.source],
        detailType: [...pattern['detail-type']],
        detail: pattern.detail as Record<string, unknown>,
      };
      const localId = bus === undefined ? routeId : `${routeId}-${bus.node.id}`;
      const ruleName = Names.uniqueResourceName(this, { maxLength: 64 - localId.length - 1 }) + `-${localId}`;
      names.push(bus === undefined ? ruleName : `${bus.eventBusName}/${ruleName}`);
      const rule = new Rule(this, localId, {
        ruleName,
        description: `backup-doctor route ${routeId}`,
        ...(bus !== undefined ? { eventBus: bus } : {}),
        eventPattern,
        targets: [
          new SqsQueue(props.queue, {
            deadLetterQueue: props.deadLetterQueue,
            maxEventAge: TARGET_RETRY.maxEventAge,
            retryAttempts: TARGET_RETRY.retryAttempts,
          }),
        ],
      });
      // Denied read-only calls (Describe*, Get*, List*) reach only a rule in this state.
      // @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail-management.html
      if (pattern['detail-type'].includes(CLOUDTRAIL_DETAIL_TYPE)) {
        (rule.node.defaultChild as CfnRule).state = 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';
      }
      return rule;
    }));
    this.ruleArns = names.map((resourceName) => Stack.of(this).formatArn({ service: 'events', resource: 'rule', resourceName }));
    // CDK grants events.amazonaws.com on an encrypted queue without naming the rules (naming them in the key
    // policy would be a dependency cycle), which lets any account's rule deliver here. The queue policy can name
    // them: deliveries from any other rule are denied.
    props.queue.addToResourcePolicy(
      new PolicyStatement({
        sid: 'DenyEventBridgeRulesOtherThanTheRoutes',
        effect: Effect.DENY,
        principals: [new ServicePrincipal('events.amazonaws.com')],
        actions: ['sqs:SendMessage'],
        resources: [props.queue.queueArn],
        conditions: { ArnNotEquals: { 'aws:SourceArn': this.rules.map((rule) => rule.ruleArn) } },
      }),
    );
  }
}
