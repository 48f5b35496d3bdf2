import type { Ctx } from './context.js';
import { createAuditService } from './modules/audit/audit.service.js';
import { createAuthService } from './modules/auth/auth.service.js';
import { createConferencesService } from './modules/conferences/conferences.service.js';
import { createDemandsService } from './modules/demands/demands.service.js';
import { createImportsService } from './modules/imports/imports.service.js';
import type { ImportRunner } from './modules/imports/worker/runner.js';
import { createReportsService } from './modules/reports/reports.service.js';
import { createResolutionsService } from './modules/resolutions/resolutions.service.js';
import { createAssignmentsService } from './modules/rounds/assignments.service.js';
import { createDraftsService } from './modules/rounds/drafts.service.js';
import { createFormsService } from './modules/rounds/forms.service.js';
import { createObjectionsService } from './modules/rounds/objections.service.js';
import { createRemindersService, type MailOptions } from './modules/rounds/reminders.service.js';
import { createReviewService } from './modules/rounds/review.service.js';
import { createRoundsService } from './modules/rounds/rounds.service.js';
import { createSearchService } from './modules/search/search.service.js';
import { createSessionsService } from './modules/sessions/sessions.service.js';
import { createStatusService } from './modules/status/status.service.js';
import { createSyncService } from './modules/sync/sync.service.js';
import { createThreadsService } from './modules/threads/threads.service.js';
import { createVocabService } from './modules/vocab/vocab.service.js';

/** The transport-neutral service layer: routes, CLIs, seeds and tests all call these verbs. */
export function createServices(ctx: Ctx, options: { importRunner?: ImportRunner; mail?: MailOptions } = {}) {
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
  const rounds = createRoundsService(ctx, { vocab });
  const drafts = createDraftsService(ctx, { vocab, rounds, status });
  const assignments = createAssignmentsService(ctx, { rounds });
  const objections = createObjectionsService(ctx, { rounds, status });
  const forms = createFormsService(ctx, { rounds, drafts });
  const review = createReviewService(ctx, { rounds, drafts });
  const reminders = createRemindersService(ctx, { rounds, audit }, options.mail ?? { from: 'erfolgskontrolle@localhost' });
  return {
    audit,
    auth,
    sessions,
    vocab,
    conferences,
    resolutions,
    demands,
    status,
    threads,
    search,
    reports,
    imports,
    sync,
    rounds,
    assignments,
    drafts,
    objections,
    forms,
    reminders,
    review,
  };
}
export type Services = ReturnType<typeof createServices>;
