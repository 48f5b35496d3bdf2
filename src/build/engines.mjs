// `node src/build/engines.mjs`: every installed package accepts the Node.js versions we support
// (the lowest of package.json's `engines`, and the current LTS lines 22 and 24), so no dependency
// holds the project on one Node version. Exceptions are named with the reason.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const semver = require('semver');
const lock = JSON.parse(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8'));

const VERSIONS = ['20.19.0', '22.12.0', '24.0.0'];
/** package@version → the Node versions it may refuse, and why that is acceptable. */
const KNOWN = {
  // Only fastify's inject (light-my-request: tests, the OpenAPI CLI) uses it; it runs on 20 in every
  // test. npm warns on Node 20 (out of support since April 2026); pinning cookie 1 would hold back 22/24.
  'cookie@2.0.2': ['20.19.0'],
};

let bad = 0;
for (const [path, pkg] of Object.entries(lock.packages)) {
  const range = pkg.engines?.node;
  if (!path || !range || pkg.optional) continue;
  const id = `${path.replace(/.*node_modules\//, '')}@${pkg.version}`;
  for (const v of VERSIONS) {
    if (semver.satisfies(v, range) || KNOWN[id]?.includes(v)) continue;
    console.error(`${id} (${path}) requires node ${range}: refuses ${v}`);
    bad++;
  }
}
if (bad) process.exit(1);
console.log(`engines: every package accepts Node ${VERSIONS.join(', ')} (known: ${Object.keys(KNOWN).join(', ')} on 20)`);
