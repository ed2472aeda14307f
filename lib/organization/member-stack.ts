/**
 * The member template, deployed by a service-managed StackSet to every account and region of the organization.
 * In each region: one EventBridge rule per route of the routes table on the default bus, forwarding the failure
 * events to the central bus (a cross-region bus target, with a role and a dead-letter queue). In one region (the
 * inspection role is global to the account): the read-only inspection role that the central diagnoser assumes.
 * The template is region-agnostic: everything account- or region-specific is a parameter or a pseudo parameter.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-region.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_third-party.html
 */
import { CfnCondition, CfnParameter, DefaultStackSynthesizer, Duration, Fn, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { EventBus, type EventPattern as CdkEventPattern, Rule } from 'aws-cdk-lib/aws-events';
import { EventBus as EventBusTarget } from 'aws-cdk-lib/aws-events-targets';
import { ArnPrincipal, type CfnRole, PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { type RoutePattern, eventPatterns } from '../../lambdas/catalog/routes.ts';
import { COLLECTOR_PERMISSIONS } from '../../lambdas/evidence/permissions.ts';
import { MEMBER_ROLE_NAME, ORGANIZATION_ID } from '../../lambdas/organization/config.ts';

/** Properties of the member template. */
export interface MemberStackProps extends StackProps {
  /** The organization: the inspection role trusts principals of this organization only. */
  readonly organizationId: string;
  /** The routes to forward; the whole routes table by default. */
  readonly patterns?: readonly RoutePattern[];
}

/** The template's parameters, by name: the StackSet passes them. */
export const MEMBER_PARAMETERS = {
  centralEventBusArn: 'CentralEventBusArn',
  centralDiagnoserRoleArn: 'CentralDiagnoserRoleArn',
  externalId: 'ExternalId',
  organizationId: 'OrganizationId',
  inspectionRoleRegion: 'InspectionRoleRegion',
} as const;

/** The member account's part: forwarding rules and the inspection role. */
export class MemberStack extends Stack {
  readonly rules: readonly Rule[];
  readonly deadLetterQueue: Queue;
  readonly inspectionRole: Role;

  constructor(scope: Construct, id: string, props: MemberStackProps) {
    super(scope, id, {
      // Deployed by StackSets into accounts that were never bootstrapped, and carries no assets.
      synthesizer: new DefaultStackSynthesizer({ generateBootstrapVersionRule: false }),
      analyticsReporting: false,
      ...props,
    });
    if (!ORGANIZATION_ID.test(props.organizationId)) {
      throw new Error(`organizationId must look like o-exampleorgid (o- and 10 to 32 lower-case letters or digits), got "${props.organizationId}"`);
    }

    const busArn = new CfnParameter(this, MEMBER_PARAMETERS.centralEventBusArn, {
      type: 'String',
      description: 'The central event bus (the central stack output CentralEventBusArn)',
      allowedPattern: '^arn:aws[a-z-]*:events:[a-z0-9-]+:\\d{12}:event-bus/[A-Za-z0-9._/-]+$',
    });
    const diagnoserRoleArn = new CfnParameter(this, MEMBER_PARAMETERS.centralDiagnoserRoleArn, {
      type: 'String',
      description: 'The central diagnoser role (the central stack output DiagnoserRoleArn)',
      allowedPattern: '^arn:aws[a-z-]*:iam::\\d{12}:role/[A-Za-z0-9+=,.@_/-]+$',
    });
    const externalId = new CfnParameter(this, MEMBER_PARAMETERS.externalId, {
      type: 'String',
      description: 'The sts:ExternalId the central diagnoser presents (the central stack output ExternalId)',
      minLength: 2,
      maxLength: 1224,
      allowedPattern: '^[A-Za-z0-9+=,.@:/-]+$',
    });
    const organizationId = new CfnParameter(this, MEMBER_PARAMETERS.organizationId, {
      type: 'String',
      description: 'The organization whose principals may assume the inspection role',
      default: props.organizationId,
      allowedPattern: ORGANIZATION_ID.source,
    });
    const roleRegion = new CfnParameter(this, MEMBER_PARAMETERS.inspectionRoleRegion, {
      type: 'String',
      description: 'The one region whose stack instance creates the (account-wide) inspection role: the central region',
      allowedPattern: '^[a-z]{2}(-[a-z]+)+-\\d$',
    });

    // Events that cannot be delivered to the central bus wait here for 14 days (SQS-managed encryption: EventBridge
    // cannot use a customer managed key without a key policy of this template's own).
    this.deadLetterQueue = new Queue(this, 'ForwardDlq', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is the dead-letter queue of the forwarding rules; cdk-nag only recognises DLQs named in an SQS redrive policy.',
    });

    const centralBus = EventBus.fromEventBusArn(this, 'CentralBus', busArn.valueAsString);
    const forwardRole = new Role(this, 'ForwardRole', {
      assumedBy: new ServicePrincipal('events.amazonaws.com'),
      description: 'backup-doctor: lets the forwarding rules put events on the central bus',
    });
    // The bus target grants this role events:PutEvents on the central bus, and nothing else.

    this.rules = (props.patterns ?? eventPatterns()).map(({ id: routeId, pattern }) => {
      const eventPattern: CdkEventPattern = {
        source: [...pattern.source],
        detailType: [...pattern['detail-type']],
        detail: pattern.detail as Record<string, unknown>,
      };
      return new Rule(this, routeId, {
        description: `backup-doctor: forwards ${routeId} to the central bus`,
        eventPattern,
        targets: [new EventBusTarget(centralBus, { role: forwardRole, deadLetterQueue: this.deadLetterQueue })],
      });
    });

    const inRoleRegion = new CfnCondition(this, 'InRoleRegion', {
      expression: Fn.conditionEquals(Stack.of(this).region, roleRegion.valueAsString),
    });
    this.inspectionRole = new Role(this, 'InspectionRole', {
      roleName: MEMBER_ROLE_NAME,
      description: 'backup-doctor: read-only; assumed by the central diagnoser to explain failed backups',
      maxSessionDuration: Duration.hours(1),
      assumedBy: new ArnPrincipal(diagnoserRoleArn.valueAsString).withConditions({
        StringEquals: {
          'sts:ExternalId': externalId.valueAsString,
          'aws:PrincipalOrgID': organizationId.valueAsString,
        },
      }),
      inlinePolicies: {
        Inspect: new PolicyDocument({
          statements: [new PolicyStatement({ sid: 'CollectEvidence', actions: [...COLLECTOR_PERMISSIONS], resources: ['*'] })],
        }),
      },
    });
    (this.inspectionRole.node.defaultChild as CfnRole).cfnOptions.condition = inRoleRegion;
    Validations.of(this.inspectionRole).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'The collectors read whichever role, key, vault, plan, job or task a failure names; the actions are read-only ' +
        '(Get/Describe/List/Lookup/Simulate) and are exactly the collectors declared permissions.',
    });
  }
}
