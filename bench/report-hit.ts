// `npx tsx bench/report-hit.ts`: what a repeated anonymous PDF request costs once its document is
// cached (issue #13: a hit builds no report), in process against the seeded record, wall and CPU
// per request over 50 requests.
import { buildApp } from '../src/app.js';
import { fixedClock } from '../src/clock.js';
import { prepareDatabase } from '../src/prepare.js';

const clock = fixedClock('2026-11-20T09:00:00Z');
const { database } = prepareDatabase(':memory:', clock, { seedIfEmpty: true });
const app = await buildApp({ database, clock, logLevel: 'silent', validateResponses: false });
const url = '/api/v1/conferences/20/erfolgskontrolle?format=pdf&asOf=2026-01-01';
const first = await app.inject({ url });
console.log('first', first.statusCode, first.headers['x-render']);
for (const round of [1, 2]) {
  const t = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < 50; i++) await app.inject({ url });
  const c = process.cpuUsage(cpu);
  console.log(
    `round ${round}: ${((performance.now() - t) / 50).toFixed(2)} ms wall, ${((c.user + c.system) / 1000 / 50).toFixed(2)} ms CPU per repeated PDF request`,
  );
}
await app.close();
