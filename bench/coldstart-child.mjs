// One cold start, in a fresh Node process: import the bundle, then run its first piece of work.
// usage: node coldstart-child.mjs BUNDLE.mjs                       (bare: call handler())
//        node coldstart-child.mjs BUNDLE.mjs EVENT.json            (handler on one SQS record, AWS via env)
//        node coldstart-child.mjs BUNDLE.mjs EVENT.json SNAPSHOT.json NOW   (diagnoseOffline, no AWS call)
// prints {"loadMs": n, "firstMs": n}
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const [bundle, eventFile, snapshotFile, now] = process.argv.slice(2);
const t0 = performance.now();
const mod = await import(pathToFileURL(bundle).href);
const t1 = performance.now();
if (snapshotFile) {
  const event = JSON.parse(readFileSync(eventFile, 'utf8'));
  const evidence = JSON.parse(readFileSync(snapshotFile, 'utf8'));
  if (!(mod.diagnoseOffline(event, evidence, new Date(now)) > 0)) throw new Error('nothing rendered');
} else if (eventFile) {
  const body = readFileSync(eventFile, 'utf8');
  const event = { Records: [{ messageId: 'cold-1', receiptHandle: 'h', body, attributes: {}, messageAttributes: {}, md5OfBody: '', eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:ap-northeast-1:111122223333:intake', awsRegion: 'ap-northeast-1' }] };
  const deadline = Date.now() + 60_000;
  const result = await mod.handler(event, { functionName: 'bench', awsRequestId: 'cold-1', getRemainingTimeInMillis: () => deadline - Date.now() });
  if (result.batchItemFailures?.length) throw new Error('the diagnosis failed');
} else {
  await mod.handler();
}
const t2 = performance.now();
process.stdout.write(JSON.stringify({ loadMs: t1 - t0, firstMs: t2 - t1 }));
