/** Writes schema/account-snapshot.schema.json and schema/agent-profile.schema.json from the zod schemas (run: npx tsx scripts/write-schema.ts). */
import { writeFileSync } from 'node:fs';
import { accountSnapshotJsonSchema } from '../lambdas/model/snapshot-schema.ts';
import { agentProfileJsonSchema } from '../profiles/agent-profiles.ts';

writeFileSync(
  new URL('../schema/account-snapshot.schema.json', import.meta.url),
  `${JSON.stringify(accountSnapshotJsonSchema(), null, 2)}\n`,
);

writeFileSync(
  new URL('../schema/agent-profile.schema.json', import.meta.url),
  `${JSON.stringify(agentProfileJsonSchema(), null, 2)}\n`,
);
