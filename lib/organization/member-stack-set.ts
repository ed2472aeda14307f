/**
 * The StackSet that deploys the member template: service-managed (AWS Organizations), deployed automatically to
 * every account that joins the target OUs, in every member region. Created from the management account or from
 * a delegated administrator of StackSets (`callAs: DELEGATED_ADMIN`).
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-manage-auto-deployment.html
 */
import { CfnStackSet } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** Properties of the member StackSet. */
export interface MemberStackSetProps {
  readonly stackSetName: string;
  /** The member template, as JSON (at most 51,200 bytes: a TemplateBody's limit). */
  readonly templateBody: string;
  /** The template's parameters: name → value. */
  readonly parameters: Readonly<Record<string, string>>;
  /** The organization root (r-...) or OU ids (ou-...) to deploy to. */
  readonly targets: readonly string[];
  /** The regions of the stack instances; the inspection role's region must be one of them. */
  readonly regions: readonly string[];
  /** SELF from the management account, DELEGATED_ADMIN from a delegated administrator. */
  readonly callAs: 'SELF' | 'DELEGATED_ADMIN';
}

/** The largest template a StackSet accepts inline. */
export const TEMPLATE_BODY_LIMIT = 51_200;

/** The StackSet resource. */
export class MemberStackSet extends Construct {
  readonly stackSet: CfnStackSet;

  constructor(scope: Construct, id: string, props: MemberStackSetProps) {
    super(scope, id);
    if (Buffer.byteLength(props.templateBody, 'utf8') > TEMPLATE_BODY_LIMIT) {
      throw new Error(`The member template is larger than ${TEMPLATE_BODY_LIMIT} bytes: deploy it from S3 with create-stack-set --template-url`);
    }
    if (props.targets.length === 0 || props.regions.length === 0) {
      throw new Error('The member StackSet needs at least one target (r-... or ou-...) and one region');
    }
    this.stackSet = new CfnStackSet(this, 'StackSet', {
      stackSetName: props.stackSetName,
      description: 'backup-doctor member: forwards failure events to the central bus; read-only inspection role',
      permissionModel: 'SERVICE_MANAGED',
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
      callAs: props.callAs,
      capabilities: ['CAPABILITY_NAMED_IAM'],
      managedExecution: { Active: true },
      operationPreferences: { failureTolerancePercentage: 10, maxConcurrentPercentage: 25, regionConcurrencyType: 'PARALLEL' },
      parameters: Object.entries(props.parameters).map(([parameterKey, parameterValue]) => ({ parameterKey, parameterValue })),
      stackInstancesGroup: [
        { deploymentTargets: { organizationalUnitIds: [...props.targets] }, regions: [...props.regions] },
      ],
      templateBody: props.templateBody,
    });
  }
}
