/** A stack holding one BackupDoctor: what `cdk deploy` deploys. */
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { BackupDoctor, type BackupDoctorProps } from './backup-doctor.ts';

/** Properties of the stack: the stack's own plus the construct's. */
export interface BackupDoctorStackProps extends StackProps {
  readonly doctor?: BackupDoctorProps;
}

/** The stack of the standalone deployment. */
export class BackupDoctorStack extends Stack {
  readonly doctor: BackupDoctor;

  constructor(scope: Construct, id: string, props: BackupDoctorStackProps = {}) {
    super(scope, id, props);
    this.doctor = new BackupDoctor(this, 'Doctor', props.doctor);
  }
}
