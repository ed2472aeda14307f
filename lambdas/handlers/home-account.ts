/**
 * Events from another account or region. The diagnoser reads only the account and region it is deployed in, so
 * an event forwarded from elsewhere (another account's rule on the same bus, say) would be judged against the
 * wrong account's same-named role or key: a confident, wrong diagnosis. Such an event is reported as what it is,
 * and nothing is read.
 */
import type { Diagnosis, Evidence, FailureEvent } from '../model/types.ts';

/** Where this deployment runs. A field that is unknown is not compared. */
export interface Home {
  readonly account?: string;
  readonly region?: string;
}

/** The account of a Lambda function ARN (`arn:aws:lambda:<region>:<account>:function:<name>`). */
export function accountOfFunctionArn(arn: string | undefined): string | undefined {
  const account = arn?.split(':')[4];
  return account && /^\d{12}$/.test(account) ? account : undefined;
}

/** True when the event names an account or region other than this deployment's. */
export function isForeign(event: FailureEvent, home: Home): boolean {
  if (home.account && event.account && event.account !== home.account) return true;
  if (home.region && event.region && event.region !== home.region) return true;
  return false;
}

/** The evidence of a foreign event: nothing read, one gap that says why. */
export function foreignEvidence(event: FailureEvent): Evidence {
  const where = `account ${event.account ?? '?'} in ${event.region ?? '?'}`;
  return { schemaVersion: 1, gaps: [{ what: where, subject: where, why: 'cross-account' }] };
}

/** The diagnosis of a foreign event: no checks, a headline that names both accounts and regions. */
export function foreignDiagnosis(diagnosis: Diagnosis, home: Home): Diagnosis {
  const { event } = diagnosis;
  return {
    ...diagnosis,
    findings: [],
    headline: {
      key: 'delivery.foreign.headline',
      params: {
        account: event.account ?? '?',
        region: event.region ?? '?',
        homeAccount: home.account ?? event.account ?? '?',
        homeRegion: home.region ?? event.region ?? '?',
      },
    },
  };
}
