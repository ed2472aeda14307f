// Runs a bundled Lambda handler in a plain Node process, as the Lambda runtime loads it.
// usage: node invoke-bundle.mjs BUNDLE.mjs < {"invocations": [event, ...], "timeoutMs": 110000}
// Prints the handler's results as a JSON array on stdout. Configuration comes from the environment.
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';

let text = '';
for await (const chunk of process.stdin) text += chunk;
const { invocations, timeoutMs = 110_000 } = JSON.parse(text);
const { handler } = await import(pathToFileURL(process.argv[2]).href);
const results = [];
for (const event of invocations) {
  const deadline = Date.now() + timeoutMs;
  const context = {
    functionName: 'backup-doctor-diagnoser',
    awsRequestId: randomUUID(),
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  results.push(await handler(event, context));
}
process.stdout.write(JSON.stringify(results));
