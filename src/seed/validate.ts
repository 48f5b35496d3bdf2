// `npx tsx src/seed/validate.ts`: checks the seed files without touching a database (loadSeedRecord
// refuses unresolved references, a reiteration marked as raised first without an earlier raising,
// a look-back recorded as a demand and a responsible Land the document does not name).
import { loadSeedRecord } from './load.js';

const seed = loadSeedRecord();
for (const r of seed.records) {
  const demands = r.resolutions.reduce((n, res) => n + res.demands.length, 0);
  console.log(`${r.conference}. IntMK: ${r.resolutions.length} resolutions, ${demands} demands`);
}
console.log(`${seed.threads.length} threads, ${seed.statusUpdates.length} status updates: OK`);
