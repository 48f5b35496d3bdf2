import type { Ctx } from './context.js';
import { createAuditService } from './modules/audit/audit.service.js';
import { createAuthService } from './modules/auth/auth.service.js';
import { createConferencesService } from './modules/conferences/conferences.service.js';
import { createDemandsService } from './modules/demands/demands.service.js';
import { createImportsService } from './modules/imports/imports.service.js';
import type { ImportRunner } from './modules/imports/worker/runner.js';
import { createReportsService } from './modules/reports/reports.service.js';
import { createResolutionsService } from './modules/resolutions/resolutions.service.js';
import { createSearchService } from './modules/search/search.service.js';
import { createSessionsService } from './modules/sessions/sessions.service.js';
import { createStatusService } from './modules/status/status.service.js';
import { createSyncService } from './modules/sync/sync.service.js';
import { createThreadsService } from './modules/threads/threads.service.js';
import { createVocabService } from './modules/vocab/vocab.service.js';

/** The transport-neutral service layer: routes, CLIs, seeds and tests all call these verbs. */
export function createServices(ctx: Ctx, options: { importRunner?: ImportRunner } = {}) {
  const vocab = createVocabService(ctx);
  const conferences = createConferencesService(ctx);
  const status = createStatusService(ctx, { vocab });
  const demands = createDemandsService(ctx, { vocab, conferences, status });
  const threads = createThreadsService(ctx, { demands, status });
  const resolutions = createResolutionsService(ctx, { conferences, demands });
  const search = createSearchService(ctx);
  const reports = createReportsService(ctx);
  const imports = createImportsService(ctx, { vocab, conferences, resolutions, demands, threads, runner: options.importRunner });
  const audit = createAuditService(ctx);
  const auth = createAuthService(ctx, { vocab });
  const sync = createSyncService(ctx);
  const sessions = createSessionsService(ctx);
  return { audit, auth, sessions, vocab, conferences, resolutions, demands, status, threads, search, reports, imports, sync };
}
export type Services = ReturnType<typeof createServices>;
