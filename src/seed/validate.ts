// `npx tsx src/seed/validate.ts`: checks the seed files without touching a database.
import { loadSeedRecord } from './load.js';

const seed = loadSeedRecord();
for (const r of seed.records) {
  const demands = r.resolutions.reduce((n, res) => n + res.demands.length, 0);
  console.log(`${r.conference}. IntMK: ${r.resolutions.length} resolutions, ${demands} demands`);
}
console.log(`${seed.threads.length} threads, ${seed.statusUpdates.length} status updates: OK`);
