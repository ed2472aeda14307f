/** The customer managed key that encrypts the queues, the topic and the table. */
import { RemovalPolicy } from 'aws-cdk-lib';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/** One CMK for backup-doctor's own data, with rotation on. */
export class DoctorKey extends Construct {
  readonly key: Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      description: 'backup-doctor: encrypts its queues, topic and idempotency table',
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
