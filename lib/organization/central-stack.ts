/**
 * The central stack of an organization deployment: a custom event bus that accepts events only from principals of
 * the organization (aws:PrincipalOrgID), and the whole responder (BackupDoctor) routing both that bus and its own
 * account's default bus, its diagnoser reading member accounts through their inspection role.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-perms.html
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { AnyPrincipal, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { DEFAULT_STACK_SET_NAME, MEMBER_ROLE_NAME, ORGANIZATION_ID } from '../../lambdas/organization/config.ts';
import { BackupDoctor, type BackupDoctorProps } from '../backup-doctor.ts';
import { MEMBER_PARAMETERS } from './member-stack.ts';
import { MemberStackSet } from './member-stack-set.ts';

/** The central bus's name. */
export const CENTRAL_BUS_NAME = 'backup-doctor-central';

/** Properties of the central stack. */
export interface CentralStackProps extends StackProps {
  readonly organizationId: string;
  /** The sts:ExternalId the inspection roles require; `backup-doctor-<organizationId>` by default. */
  readonly externalId?: string;
  readonly stackSetName?: string;
  readonly doctor?: BackupDoctorProps;
  /** When given, the stack also creates the member StackSet (from the management account or a delegated administrator). */
  readonly stackSet?: {
    readonly templateBody: string;
    readonly targets: readonly string[];
    readonly regions: readonly string[];
    readonly callAs: 'SELF' | 'DELEGATED_ADMIN';
  };
}

/** The external id used when the deployment names none. */
export function defaultExternalId(organizationId: string): string {
  return `backup-doctor-${organizationId}`;
}

/** The central account's part. */
export class CentralStack extends Stack {
  readonly bus: EventBus;
  readonly doctor: BackupDoctor;
  readonly externalId: string;
  readonly stackSetName: string;
  readonly stackSet?: MemberStackSet;

  constructor(scope: Construct, id: string, props: CentralStackProps) {
    super(scope, id, props);
    if (!ORGANIZATION_ID.test(props.organizationId)) {
      throw new Error(`organizationId must look like o-exampleorgid (o- and 10 to 32 lower-case letters or digits), got "${props.organizationId}"`);
    }
    this.externalId = props.externalId ?? defaultExternalId(props.organizationId);
    this.stackSetName = props.stackSetName ?? DEFAULT_STACK_SET_NAME;

    this.bus = new EventBus(this, 'Bus', { eventBusName: CENTRAL_BUS_NAME, description: 'backup-doctor: failure events of the organization' });
    this.bus.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowPutEventsFromTheOrganization',
        principals: [new AnyPrincipal()],
        actions: ['events:PutEvents'],
        resources: [this.bus.eventBusArn],
        conditions: { StringEquals: { 'aws:PrincipalOrgID': props.organizationId } },
      }),
    );

    this.doctor = new BackupDoctor(this, 'Doctor', {
      ...props.doctor,
      eventBuses: [this.bus],
      memberAccess: { roleName: MEMBER_ROLE_NAME, externalId: this.externalId, stackSetName: this.stackSetName },
    });

    const parameters: Record<string, string> = {
      [MEMBER_PARAMETERS.centralEventBusArn]: this.bus.eventBusArn,
      [MEMBER_PARAMETERS.centralDiagnoserRoleArn]: this.doctor.diagnoser.role.roleArn,
      [MEMBER_PARAMETERS.externalId]: this.externalId,
      [MEMBER_PARAMETERS.organizationId]: props.organizationId,
      [MEMBER_PARAMETERS.inspectionRoleRegion]: this.region,
    };
    new CfnOutput(this, 'CentralEventBusArn', { value: this.bus.eventBusArn, description: 'Member template parameter CentralEventBusArn' });
    new CfnOutput(this, 'DiagnoserRoleArn', {
      value: this.doctor.diagnoser.role.roleArn,
      description: 'Member template parameter CentralDiagnoserRoleArn',
    });
    new CfnOutput(this, 'ExternalId', { value: this.externalId, description: 'Member template parameter ExternalId' });
    new CfnOutput(this, 'InspectionRoleRegion', { value: this.region, description: 'Member template parameter InspectionRoleRegion' });
    new CfnOutput(this, 'MemberStackSetName', { value: this.stackSetName, description: 'The StackSet that deploys the member template' });

    if (props.stackSet) {
      this.stackSet = new MemberStackSet(this, 'MemberStackSet', {
        stackSetName: this.stackSetName,
        parameters,
        ...props.stackSet,
        // The inspection role is created by the central region's stack instance: that region is always one.
        regions: [...new Set([this.region, ...props.stackSet.regions])],
      });
    }
  }
}
