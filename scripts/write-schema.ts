/** Writes schema/account-snapshot.schema.json from the zod schema (run: npx tsx scripts/write-schema.ts). */
import { writeFileSync } from 'node:fs';
import { accountSnapshotJsonSchema } from '../lambdas/core/snapshot-schema.ts';

writeFileSync(
  new URL('../schema/account-snapshot.schema.json', import.meta.url),
  `${JSON.stringify(accountSnapshotJsonSchema(), null, 2)}\n`,
);
