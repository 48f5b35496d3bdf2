// The access matrix: every operation of the committed OpenAPI document × every kind of caller,
// checked against a policy written here from the issue (not read from the code): anonymous reads
// public content only; readers read everything; editors log status updates for demands their
// Land follows and nothing else; chair and admin curate the record and retract updates; admin
// manages accounts and reads the audit trail; GET /me needs any token.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../src/modules/sessions/sessions.service.js';
import { type AccessFixture, buildAccessFixture, importText } from './fixtures-access.js';
import { type As, json } from './helper.js';

type Policy = 'public' | 'internal' | 'status' | 'round' | 'curate' | 'admin';

const POLICY: Record<string, Policy> = {
  getHealth: 'public',
  // Vocabulary
  listLaender: 'public',
  listAddressees: 'public',
  listStatuses: 'public',
  listDemandKinds: 'public',
  listAdoptions: 'public',
  listEvidenceKinds: 'public',
  listThreadRelations: 'public',
  createAddressee: 'curate',
  // Conferences
  listConferences: 'public',
  getConference: 'public',
  createConference: 'curate',
  updateConference: 'curate',
  deleteConference: 'curate',
  // Resolutions
  listResolutions: 'public',
  listConferenceResolutions: 'public',
  getResolutionByTop: 'public',
  getResolution: 'public',
  createResolution: 'curate',
  updateResolution: 'curate',
  deleteResolution: 'curate',
  // Demands
  listDemands: 'public',
  listResolutionDemands: 'public',
  getDemand: 'public',
  createDemand: 'curate',
  updateDemand: 'curate',
  deleteDemand: 'curate',
  // Status updates
  listDemandStatusUpdates: 'public',
  listStatusUpdates: 'public',
  getStatusUpdate: 'public',
  createStatusUpdate: 'status',
  retractStatusUpdate: 'curate',
  // Threads
  listThreads: 'public',
  getThread: 'public',
  createThread: 'curate',
  updateThread: 'curate',
  deleteThread: 'curate',
  addThreadMember: 'curate',
  updateThreadMember: 'curate',
  removeThreadMember: 'curate',
  reorderThreadMembers: 'curate',
  // Search and reports
  search: 'public',
  listChanges: 'public',
  listDeletions: 'public',
  getErfolgskontrolle: 'public',
  // Imports: drafts are not public content; changing them is curation
  listImports: 'internal',
  getImport: 'internal',
  createImport: 'curate',
  deleteImport: 'curate',
  updateImportConference: 'curate',
  updateImportResolution: 'curate',
  updateImportDemand: 'curate',
  decideImportSuggestion: 'curate',
  refreshImportSuggestions: 'curate',
  commitImport: 'curate',
  // Accounts
  getMe: 'internal',
  listUsers: 'admin',
  createUser: 'admin',
  getUser: 'admin',
  updateUser: 'admin',
  createToken: 'admin',
  revokeToken: 'admin',
  revokeOwnToken: 'internal',
  // Sign-in for people (web application): sessions, invitations, own password
  createSession: 'public',
  deleteSession: 'internal',
  revokeOwnSessions: 'internal',
  changeOwnPassword: 'internal',
  createInvitation: 'admin',
  inviteAccount: 'admin',
  inspectInvitation: 'public',
  acceptInvitation: 'public',
  // Audit trail
  listAudit: 'admin',
  verifyAudit: 'admin',
  // Reporting rounds: never public, not for readers (drafts are seen by the assigned groups, the
  // chair and admins only); editors act on their own assignments (each request below is one).
  listRounds: 'round',
  listMyAssignments: 'round',
  createRound: 'curate',
  getRound: 'round',
  updateRound: 'curate',
  listRoundItems: 'round',
  setRoundAssignments: 'curate',
  assignRoundInBulk: 'curate',
  getRoundProgress: 'round',
  previewRoundRelease: 'curate',
  releaseRound: 'curate',
  listRoundDrafts: 'round',
  createRoundDraft: 'round',
  getRoundDraft: 'round',
  updateRoundDraft: 'round',
  submitRoundDraft: 'round',
  returnRoundDraft: 'curate',
  acceptRoundDraft: 'curate',
  listRoundObjections: 'round',
  createObjection: 'round',
  getObjection: 'round',
  decideObjection: 'curate',
  getRoundForm: 'round',
  uploadRoundForm: 'round',
  listMails: 'admin',
  runReminders: 'admin',
  // The chair's office running the round in the browser (issue #16).
  previewRoundScope: 'curate',
  listRoundReviewQueue: 'curate',
  listRoundMails: 'curate',
  sendRoundReminder: 'curate',
};

const MATRIX_PASSWORD = 'Matrix-Passwort 2026';
async function withPassword(fx: AccessFixture, userId: number, email: string | null): Promise<void> {
  if (email) fx.t.services.auth.update(userId, { email });
  fx.t.services.sessions.setPassword(userId, await hashPassword(MATRIX_PASSWORD));
}
function invitationFor(fx: AccessFixture): string {
  fx.t.services.auth.update(fx.users.editorLAG, { email: 'lag@example.org' });
  return fx.t.services.sessions.invite(fx.users.editorLAG, null).token;
}

const CALLERS = ['anonymous', 'reader', 'editorNI', 'editorHE', 'chair', 'admin'] as const;
type Caller = (typeof CALLERS)[number];

/** Whether the caller may call an operation of this policy, on the fixture's requests. */
function allowed(policy: Policy, caller: Caller): boolean {
  switch (policy) {
    case 'public':
      return true;
    case 'internal':
      return caller !== 'anonymous';
    // The status requests target the fixture's demand with responsible ['NI'].
    case 'status':
      return caller === 'editorNI' || caller === 'chair' || caller === 'admin';
    // The round requests target each editor's own assignments.
    case 'round':
      return caller !== 'anonymous' && caller !== 'reader';
    case 'curate':
      return caller === 'chair' || caller === 'admin';
    case 'admin':
      return caller === 'admin';
  }
}

interface Operation {
  operationId: string;
  security?: Record<string, string[]>[];
}
// The committed document; OPENAPI_DOCUMENT points at another one (e.g. a freshly served copy).
const DOCUMENT = JSON.parse(readFileSync(process.env.OPENAPI_DOCUMENT ?? new URL('../openapi/openapi.json', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
};
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const OPERATIONS = Object.entries(DOCUMENT.paths).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([method]) => METHODS.includes(method))
    .map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
);

interface Spec {
  params?: Record<string, string | number>;
  query?: Record<string, string>;
  body?: unknown;
  /** A raw body with its content type (uploads). */
  raw?: { contentType: string; data: string | Buffer };
}

/** A valid request per operation on the fixture; built just before it runs, from the current state. */
const REQUESTS: Record<string, (fx: AccessFixture, caller: Caller) => Spec | Promise<Spec>> = {
  getHealth: () => ({}),
  listLaender: () => ({}),
  listAddressees: () => ({}),
  listStatuses: () => ({}),
  listDemandKinds: () => ({}),
  listAdoptions: () => ({}),
  listEvidenceKinds: () => ({}),
  listThreadRelations: () => ({}),
  createAddressee: () => ({ body: { code: 'LAG-MATRIX', name: 'LAG Matrix', kind: 'working_group' } }),
  listConferences: () => ({}),
  getConference: (fx) => ({ params: { number: fx.conferences.main } }),
  createConference: () => ({ body: { number: 23, year: 2027, place: 'Potsdam' } }),
  updateConference: (fx) => ({ params: { number: fx.conferences.main }, body: { place: 'Göttingen (Stadthalle)' } }),
  deleteConference: (fx) => ({ params: { number: fx.conferences.spare } }),
  listResolutions: () => ({}),
  listConferenceResolutions: (fx) => ({ params: { number: fx.conferences.main } }),
  getResolutionByTop: (fx) => ({ params: { number: fx.conferences.main, top: fx.tops.public } }),
  getResolution: (fx) => ({ params: { id: fx.resolutions.public } }),
  createResolution: (fx) => ({
    params: { number: fx.conferences.main },
    body: { top: '9.2', title: 'Bericht zur Lage', proposers: ['NI'], adoption: 'einstimmig' },
  }),
  updateResolution: (fx) => ({
    params: { id: fx.resolutions.public },
    body: { title: 'Migrationsberatung für Erwachsene (MBE) dauerhaft finanzieren' },
  }),
  deleteResolution: (fx) => ({ params: { id: fx.resolutions.spare } }),
  listDemands: () => ({}),
  listResolutionDemands: (fx) => ({ params: { id: fx.resolutions.public } }),
  getDemand: (fx) => ({ params: { id: fx.demands.publicNI } }),
  createDemand: (fx) => ({
    params: { id: fx.resolutions.public },
    body: { kind: 'appell', addressees: ['BREG'], wording: 'Die IntMK appelliert erneut an den Bund.', summary: 'Erneuter Appell' },
  }),
  updateDemand: (fx) => ({ params: { id: fx.demands.publicNI }, body: { summary: 'Finanzierung der MBE sichern' } }),
  deleteDemand: (fx) => ({ params: { id: fx.demands.spare } }),
  listDemandStatusUpdates: (fx) => ({ params: { id: fx.demands.publicNI } }),
  listStatusUpdates: () => ({}),
  getStatusUpdate: (fx) => ({ params: { id: fx.statusUpdates.public } }),
  createStatusUpdate: (fx) => ({
    params: { id: fx.demands.publicNI },
    body: { status: 'in_progress', asOf: '2026-01-15', narrative: 'Niedersachsen berichtet über den Fortgang.', reporter: 'NI' },
  }),
  retractStatusUpdate: (fx) => ({ params: { id: fx.statusUpdates.public }, body: { reason: 'Überholt.', reporter: 'NI' } }),
  listThreads: () => ({}),
  getThread: (fx) => ({ params: { id: fx.threads.main } }),
  createThread: () => ({ body: { title: 'Neuer Strang' } }),
  updateThread: (fx) => ({ params: { id: fx.threads.main }, body: { description: 'Geänderte Beschreibung.' } }),
  deleteThread: (fx) => ({ params: { id: fx.threads.spare } }),
  addThreadMember: (fx) => ({ params: { id: fx.threads.main }, body: { demandId: fx.demands.publicNone, relation: 'extended' } }),
  updateThreadMember: (fx) => ({ params: { id: fx.threads.main, demandId: fx.demands.internal }, body: { relation: 'narrowed' } }),
  removeThreadMember: (fx) => ({ params: { id: fx.threads.main, demandId: fx.demands.internal } }),
  reorderThreadMembers: async (fx) => {
    const thread = json(await fx.t.request('admin', `/api/v1/threads/${fx.threads.main}`));
    const ids = (thread.members ?? []).map((m: { demand: { id: number } }) => m.demand.id).reverse();
    return { params: { id: fx.threads.main }, body: { demandIds: ids } };
  },
  search: () => ({ query: { q: 'Beratung' } }),
  listChanges: () => ({ query: { after: '0', limit: '5' } }),
  listDeletions: () => ({}),
  getErfolgskontrolle: (fx) => ({ params: { number: fx.conferences.main }, query: { format: 'json' } }),
  listImports: () => ({}),
  getImport: (fx) => ({ params: { id: fx.imports?.toEdit ?? 0 } }),
  createImport: () => ({ raw: { contentType: 'text/plain', data: importText(32, 'Mainz') } }),
  deleteImport: (fx) => ({ params: { id: fx.imports?.toEdit ?? 0 } }),
  updateImportConference: (fx) => ({ params: { id: fx.imports?.toEdit ?? 0 }, body: { place: 'Erfurt-Mitte' } }),
  updateImportResolution: (fx) => ({
    params: { id: fx.imports?.toEdit ?? 0, top: '4.5' },
    body: { title: 'Beratung für Zugewanderte stärken (korrigiert)' },
  }),
  updateImportDemand: async (fx) => {
    const draft = json(await fx.t.request('admin', `/api/v1/imports/${fx.imports?.toEdit ?? 0}`));
    const key = draft.resolutions?.flatMap((r: any) => r.demands)?.[0]?.key ?? 'none';
    return { params: { id: fx.imports?.toEdit ?? 0, key }, body: { summary: 'Finanzierung der Beratung' } };
  },
  decideImportSuggestion: async (fx) => {
    const draft = json(await fx.t.request('admin', `/api/v1/imports/${fx.imports?.toEdit ?? 0}`));
    const id = draft.resolutions?.flatMap((r: any) => r.demands.flatMap((d: any) => d.suggestions))?.[0]?.id ?? 'none';
    return { params: { id: fx.imports?.toEdit ?? 0, suggestionId: id }, body: { decision: 'accepted' } };
  },
  refreshImportSuggestions: (fx) => ({ params: { id: fx.imports?.toEdit ?? 0 } }),
  commitImport: (fx) => ({ params: { id: fx.imports?.toCommit ?? 0 } }),
  getMe: () => ({}),
  listUsers: () => ({}),
  createUser: () => ({ body: { name: 'Neue Lesende', role: 'reader' } }),
  getUser: (fx) => ({ params: { id: fx.users.editorLAG } }),
  updateUser: (fx) => ({ params: { id: fx.users.editorLAG }, body: { name: 'LAG Monitoring (umbenannt)' } }),
  createToken: (fx) => ({ params: { id: fx.users.editorLAG }, body: { label: 'Matrix' } }),
  revokeToken: (fx) => ({ params: { id: fx.users.editorLAG, tokenId: fx.spareTokenId } }),
  // Each caller names a spare token of its own (anonymous has none; any id will do for its 401).
  revokeOwnToken: (fx, caller) => ({ params: { tokenId: fx.ownSpareTokenIds[caller === 'anonymous' ? 'reader' : caller] } }),
  // A person with e-mail and password signs in (every caller may; the bearer token does not matter).
  createSession: async (fx) => {
    await withPassword(fx, fx.users.editorLAG, 'lag@example.org');
    return { body: { email: 'lag@example.org', password: MATRIX_PASSWORD } };
  },
  deleteSession: () => ({}),
  revokeOwnSessions: () => ({}),
  changeOwnPassword: async (fx, caller) => {
    if (caller !== 'anonymous') await withPassword(fx, fx.users[caller], null);
    return { body: { currentPassword: MATRIX_PASSWORD, newPassword: 'ein neues langes Passwort' } };
  },
  createInvitation: (fx) => {
    fx.t.services.auth.update(fx.users.editorLAG, { email: 'lag@example.org' });
    return { params: { id: fx.users.editorLAG } };
  },
  inviteAccount: (_fx, caller) => ({ body: { name: 'Neue Person', email: `neu-${caller}@example.org`, role: 'reader' } }),
  inspectInvitation: (fx) => ({ body: { token: invitationFor(fx) } }),
  acceptInvitation: (fx) => ({ body: { token: invitationFor(fx), password: 'ein langes neues Passwort' } }),
  listAudit: () => ({ query: { limit: '10' } }),
  verifyAudit: () => ({}),
  listRounds: () => ({}),
  listMyAssignments: () => ({}),
  createRound: (fx) => ({ body: { conference: fx.conferences.second, asOf: '2026-11-15', deadline: '2026-12-15' } }),
  getRound: (fx) => ({ params: { id: fx.round.id } }),
  updateRound: (fx) => ({ params: { id: fx.round.id }, body: { deadline: '2026-12-20' } }),
  listRoundItems: (fx) => ({ params: { id: fx.round.id } }),
  setRoundAssignments: (fx) => ({
    params: { id: fx.round.id, demandId: fx.demands.publicNI },
    body: { groups: [{ code: 'NI', lead: true }] },
  }),
  assignRoundInBulk: (fx) => ({ params: { id: fx.round.id }, body: { top: fx.tops.public, groups: ['NI'] } }),
  getRoundProgress: (fx) => ({ params: { id: fx.round.id } }),
  previewRoundRelease: (fx) => ({ params: { id: fx.round.id } }),
  releaseRound: (fx) => ({ params: { id: fx.round.id }, body: { drafts: [fx.round.drafts.accepted] } }),
  listRoundDrafts: (fx) => ({ params: { id: fx.round.id } }),
  createRoundDraft: (fx, caller) => ({
    params: { id: fx.round.id },
    body:
      caller === 'editorHE'
        ? { demandId: fx.demands.internal, group: 'HE', addressee: 'BREG', status: 'in_progress', narrative: 'Hessen berichtet.' }
        : { demandId: fx.demands.publicNI, group: 'NI', addressee: 'BREG', status: 'in_progress', narrative: 'Niedersachsen berichtet.' },
  }),
  getRoundDraft: (fx, caller) => ({ params: { id: caller === 'editorHE' ? fx.round.drafts.draftHE : fx.round.drafts.returnedNI } }),
  updateRoundDraft: (fx, caller) => ({
    params: { id: caller === 'editorHE' ? fx.round.drafts.draftHE : fx.round.drafts.returnedNI },
    body:
      caller === 'editorHE' || caller === 'editorNI' ? { narrative: 'Überarbeitet.' } : { narrative: 'Überarbeitet.', note: 'Gekürzt.' },
  }),
  submitRoundDraft: (fx, caller) => ({ params: { id: caller === 'editorHE' ? fx.round.drafts.draftHE : fx.round.drafts.returnedNI } }),
  returnRoundDraft: (fx) => ({ params: { id: fx.round.drafts.submittedHE }, body: { comment: 'Bitte ergänzen.' } }),
  acceptRoundDraft: (fx) => ({ params: { id: fx.round.drafts.submittedNI } }),
  listRoundObjections: (fx) => ({ params: { id: fx.round.id } }),
  createObjection: (fx, caller) => ({
    params: { id: fx.round.id },
    body: {
      statusUpdateId: fx.round.releasedUpdate,
      land: caller === 'editorHE' ? 'HE' : caller === 'editorNI' ? 'NI' : 'BE',
      reason: 'Unzutreffend.',
    },
  }),
  getObjection: (fx) => ({ params: { id: fx.round.objection } }),
  decideObjection: (fx) => ({ params: { id: fx.round.objection }, body: { decision: 'rejected', reason: 'Der Sachstand trifft zu.' } }),
  getRoundForm: (fx, caller) => ({ params: { id: fx.round.id, group: caller === 'editorHE' ? 'HE' : 'NI' } }),
  // The group's own form as downloaded (by the chair, so the download is no part of the check), sent back unchanged.
  uploadRoundForm: async (fx, caller) => {
    const group = caller === 'editorHE' ? 'HE' : 'NI';
    const form = await fx.t.request('chair', `/api/v1/rounds/${fx.round.id}/forms/${group}`);
    return {
      params: { id: fx.round.id, group },
      raw: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', data: form.rawPayload },
    };
  },
  listMails: () => ({}),
  runReminders: () => ({}),
  previewRoundScope: (fx) => ({ query: { conference: String(fx.conferences.second), deadline: '2026-12-15' } }),
  listRoundReviewQueue: (fx) => ({ params: { id: fx.round.id } }),
  listRoundMails: (fx) => ({ params: { id: fx.round.id } }),
  // A reminder reaches someone only with an e-mail address: NI's editor gets one first.
  sendRoundReminder: (fx) => {
    fx.t.services.auth.update(fx.users.editorNI, { email: 'ni-matrix@example.org' });
    return { params: { id: fx.round.id }, body: { group: 'NI' } };
  },
};

describe('access matrix over every operation of openapi/openapi.json', () => {
  it('the policy table covers exactly the documented operations, and each declares the matching security', () => {
    const documented = OPERATIONS.map((o) => o.op.operationId);
    const missing = documented.filter((id) => !(id in POLICY));
    const extra = Object.keys(POLICY).filter((id) => !documented.includes(id));
    expect.soft(missing, 'operations in openapi/openapi.json without a policy in this test').toEqual([]);
    expect.soft(extra, 'policies for operations missing from openapi/openapi.json').toEqual([]);
    expect.soft(Object.keys(REQUESTS).sort(), 'a request for every policy').toEqual(Object.keys(POLICY).sort());

    const wrong: string[] = [];
    for (const { method, path, op } of OPERATIONS) {
      const policy = POLICY[op.operationId];
      if (!policy) continue;
      const security = op.security;
      if (policy === 'public') {
        if (!security?.some((s) => Object.keys(s).length === 0)) {
          wrong.push(`${op.operationId} (${method} ${path}): public, but security ${JSON.stringify(security)} has no {}`);
        }
      } else if (JSON.stringify(security) !== JSON.stringify([{ bearerAuth: [] }, { cookieAuth: [] }])) {
        wrong.push(
          `${op.operationId} (${method} ${path}): ${policy}, but security ${JSON.stringify(security)} is not [{"bearerAuth":[]},{"cookieAuth":[]}]`,
        );
      }
    }
    if (wrong.length) console.log(`security mismatches (${wrong.length}):\n  ${wrong.join('\n  ')}`);
    expect(wrong).toEqual([]);
  });

  it('every caller gets exactly the access the policy grants: 0 unexpected 2xx, 0 unexpected 401/403', async () => {
    const violations: string[] = [];
    const notDone: string[] = [];
    const counts = { '2xx': 0, '401': 0, '403': 0, other: 0 };
    // Writes run after reads and deletes last, so each request finds the resource it targets.
    const rank = (method: string) => (method === 'GET' ? 0 : method === 'DELETE' ? 2 : 1);
    const ordered = [...OPERATIONS].sort((a, b) => rank(a.method) - rank(b.method));

    for (const caller of CALLERS) {
      const fx = await buildAccessFixture({ imports: true });
      for (const { path, method, op } of ordered) {
        const id = op.operationId;
        const policy = POLICY[id];
        const build = REQUESTS[id];
        if (!policy || !build) {
          violations.push(`${id}: no policy or request in this test`);
          continue;
        }
        const spec = await build(fx, caller);
        const url = path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(String(spec.params?.[name] ?? '')));
        const qs = new URLSearchParams(spec.query ?? {}).toString();
        const headers: Record<string, string> = {};
        if (['PATCH', 'PUT', 'DELETE'].includes(method)) headers['if-match'] = '*';
        let payload: string | Buffer | undefined;
        if (spec.raw) {
          headers['content-type'] = spec.raw.contentType;
          payload = spec.raw.data;
        } else if (spec.body !== undefined) {
          headers['content-type'] = 'application/json';
          payload = JSON.stringify(spec.body);
        }
        const auditBefore = fx.t.services.audit.count();
        const res = await fx.t.request(caller as As, {
          method: method as 'GET',
          url: qs ? `${url}?${qs}` : url,
          headers,
          ...(payload !== undefined ? { payload } : {}),
        });
        const status = res.statusCode;
        const ok = status >= 200 && status < 300;
        counts[ok ? '2xx' : status === 401 ? '401' : status === 403 ? '403' : 'other']++;
        const what = `${caller} ${id} (${method} ${url}) → ${status}`;
        const detail = ok ? '' : `: ${res.body.slice(0, 200)}`;
        if (allowed(policy, caller)) {
          if (status === 401 || status === 403) violations.push(`${what}, but ${policy} allows ${caller}${detail}`);
          else if (!ok) notDone.push(`${what}${detail}`);
        } else {
          const expected = caller === 'anonymous' ? 401 : 403;
          if (status !== expected) violations.push(`${what}, expected ${expected} (${policy})${detail}`);
          if (fx.t.services.audit.count() !== auditBefore) violations.push(`${what}: a refused request wrote to the audit trail`);
        }
      }
    }

    const total = OPERATIONS.length * CALLERS.length;
    console.log(
      `access matrix: ${OPERATIONS.length} operations × ${CALLERS.length} callers = ${total} requests; ` +
        `2xx ${counts['2xx']}, 401 ${counts['401']}, 403 ${counts['403']}, other ${counts.other}`,
    );
    if (violations.length) console.log(`VIOLATIONS (${violations.length}):\n  ${violations.join('\n  ')}`);
    if (notDone.length) console.log(`allowed but not 2xx (${notDone.length}):\n  ${notDone.join('\n  ')}`);
    expect(OPERATIONS.length).toBeGreaterThanOrEqual(50);
    expect.soft(violations, 'access violations').toEqual([]);
    // Allowed requests are valid ones, so a refusal above is about access and not about the request.
    expect.soft(notDone, 'allowed requests that did not succeed').toEqual([]);
  }, 120_000);

  it('an editor may log status only for demands its Land follows, in its own name', async () => {
    const fx = await buildAccessFixture();
    const body = (reporter: string) => ({ status: 'in_progress', asOf: '2026-01-15', narrative: 'Fortgang.', reporter });
    const post = (as: As, demand: number, reporter: string) =>
      fx.t.request(as, { method: 'POST', url: `/api/v1/demands/${demand}/status-updates`, payload: body(reporter) });
    // publicNI: responsible ['NI'].
    expect.soft((await post('editorNI', fx.demands.publicNI, 'NI')).statusCode).toBe(201);
    expect.soft((await post('editorHE', fx.demands.publicNI, 'NI')).statusCode).toBe(403);
    expect.soft((await post('editorHE', fx.demands.publicNI, 'HE')).statusCode).toBe(403);
    expect.soft((await post('editorLAG', fx.demands.publicNI, 'LAG-MONITORING')).statusCode).toBe(403);
    // publicNone: nobody named responsible, so the proposers of its resolution (NI, HE) follow it up.
    expect.soft((await post('editorNI', fx.demands.publicNone, 'NI')).statusCode).toBe(201);
    expect.soft((await post('editorHE', fx.demands.publicNone, 'HE')).statusCode).toBe(201);
    expect.soft((await post('editorHE', fx.demands.publicNone, 'NI')).statusCode, 'only in its own name').toBe(403);
    expect.soft((await post('editorLAG', fx.demands.publicNone, 'LAG-MONITORING')).statusCode).toBe(403);
    expect.soft((await post('chair', fx.demands.publicNone, 'NI')).statusCode).toBe(201);
    expect.soft((await post('reader', fx.demands.publicNI, 'NI')).statusCode).toBe(403);
    expect.soft((await post('anonymous', fx.demands.publicNI, 'NI')).statusCode).toBe(401);
  });
});
