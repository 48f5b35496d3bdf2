// Starts a worker thread's TypeScript entry from the sources (tests, tsx; the build runs its .js):
// on Node 20 neither a worker's own entry file nor its import() passes tsx's loader, a require()
// from a CommonJS file does (piscina's workers load theirs the same way).
require(require('node:worker_threads').workerData.entry);
