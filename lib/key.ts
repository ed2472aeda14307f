/** The customer managed keys of backup-doctor's own data: one for the queues and table, one for the topic. */
import { RemovalPolicy } from 'aws-cdk-lib';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/** One CMK for backup-doctor's own data, with rotation on. */
export class DoctorKey extends Construct {
  readonly key: Key;

  constructor(scope: Construct, id: string, description: string) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      description,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /** Lets an AWS service that delivers into our encrypted queues or topic use the key, for this account only. */
  allowService(service: string, account: string): void {
    this.key.grant(
      new ServicePrincipal(service, { conditions: { StringEquals: { 'aws:SourceAccount': account } } }),
      'kms:Decrypt',
      'kms:GenerateDataKey*',
    );
  }
}
