// Like invoke-bundle.mjs, and also measures each invocation from the handler's call to its answer (module load
// excluded), as Lambda bills and limits it.
// usage: node invoke-bundle-timed.mjs BUNDLE.mjs < {"invocations": [event, ...], "timeoutMs": 110000}
// Prints {"results": [...], "durationsMs": [...]} on stdout.
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';

let text = '';
for await (const chunk of process.stdin) text += chunk;
const { invocations, timeoutMs = 110_000 } = JSON.parse(text);
const { handler } = await import(pathToFileURL(process.argv[2]).href);
const results = [];
const durationsMs = [];
for (const event of invocations) {
  const start = Date.now();
  const deadline = start + timeoutMs;
  const context = {
    functionName: 'backup-doctor-diagnoser',
    awsRequestId: randomUUID(),
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  results.push(await handler(event, context));
  durationsMs.push(Date.now() - start);
}
process.stdout.write(JSON.stringify({ results, durationsMs }));
