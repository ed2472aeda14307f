// One cold start, in a fresh Node process: import the bundle, then (for the diagnoser) handle one event.
// usage: node coldstart-child.mjs BUNDLE.mjs [EVENT.json]   prints {"loadMs": n, "firstMs": n}
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const [bundle, eventFile] = process.argv.slice(2);
const t0 = performance.now();
const { handler } = await import(pathToFileURL(bundle).href);
const t1 = performance.now();
if (eventFile) {
  const body = readFileSync(eventFile, 'utf8');
  const event = { Records: [{ messageId: 'cold-1', receiptHandle: 'h', body, attributes: {}, messageAttributes: {}, md5OfBody: '', eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:ap-northeast-1:111122223333:intake', awsRegion: 'ap-northeast-1' }] };
  const deadline = Date.now() + 60_000;
  const result = await handler(event, { functionName: 'bench', awsRequestId: 'cold-1', getRemainingTimeInMillis: () => deadline - Date.now() });
  if (result.batchItemFailures?.length) throw new Error('the diagnosis failed');
} else {
  await handler();
}
const t2 = performance.now();
process.stdout.write(JSON.stringify({ loadMs: t1 - t0, firstMs: t2 - t1 }));
