/** The CDK constructs of backup-doctor. */
export { BackupDoctor, type BackupDoctorProps } from './backup-doctor.ts';
export { BackupDoctorStack, type BackupDoctorStackProps } from './backup-doctor-stack.ts';
export { Diagnoser, DIAGNOSER_MAX_CONCURRENCY, DIAGNOSER_TIMEOUT, type DiagnoserProps } from './diagnoser.ts';
export { IdempotencyTable } from './idempotency-table.ts';
export { Intake, type IntakeProps } from './intake.ts';
export { DoctorKey } from './key.ts';
export { Notifications, SLACK_NOTIFIER_TIMEOUT, type NotificationsProps } from './notifications.ts';
export { Routing, TARGET_RETRY, type RoutingProps } from './routing.ts';
export { ScheduledAudit, AUDIT_TIMEOUT, DEFAULT_AUDIT_SCHEDULE, DEFAULT_AUDIT_DEBOUNCE_SECONDS, type ScheduledAuditProps } from './audit.ts';
export { CentralStack, CENTRAL_BUS_NAME, type CentralStackProps } from './organization/central-stack.ts';
export { MemberStack, MEMBER_PARAMETERS, type MemberStackProps } from './organization/member-stack.ts';
export { MemberStackSet, type MemberStackSetProps } from './organization/member-stack-set.ts';
export { addOrganizationStacks, type OrganizationAppProps } from './organization/app.ts';
