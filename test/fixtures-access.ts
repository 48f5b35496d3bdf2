// A small record with something internal in every visibility-carrying field, built through the
// API as admin on a fresh test app. Every internal text carries a unique marker
// (`GEHEIM-<field>-7Q`); public text never contains "GEHEIM", so a marker in an anonymous
// response is a leak, and a marker in a reader's response proves the fixture is real.
// Shared by test/leak-scan.test.ts, test/access-matrix.test.ts and test/audit-property.test.ts.
import { createTestApp, json, type TestApp } from './helper.js';

/** What every marker starts with; never part of public text. */
export const MARKER_WORD = 'GEHEIM';
/** Matches any marker, also lower-cased (e.g. inside a URL). */
export const MARKER_PATTERN = /GEHEIM|geheim-[\w-]*7q/i;

/** The small public ids and tops of the fixture, with their expected visibility. */
export interface AccessFixture {
  t: TestApp;
  /** Every marker placed in the record. */
  markers: string[];
  conferences: { main: 20; second: 21; spare: 22 };
  resolutions: {
    /** Public, proposers NI and HE, with an internal protocol note. */
    public: number;
    /** Visibility internal. */
    internal: number;
    /** Adoption `abgelehnt`, visibility public. */
    rejected: number;
    /** Adoption `zurueckgezogen`, visibility public, in conference 21. */
    withdrawn: number;
    /** Adoption `zusammengelegt`, merged into the internal resolution's TOP. */
    merged: number;
    /** Public, no demands (for deletes). */
    spare: number;
  };
  tops: { public: '4.5'; internal: '4.6'; rejected: '4.7'; merged: '4.8'; spare: '9.1'; withdrawn: '2.1' };
  demands: {
    /** Public, under the public resolution, responsible ['NI']. */
    publicNI: number;
    /** Internal, under the public resolution. */
    internal: number;
    /** Public, under the public resolution, responsible []. */
    publicNone: number;
    /** Public visibility, under the internal resolution. */
    underInternal: number;
    /** Public visibility, under the rejected resolution. */
    underRejected: number;
    /** Public visibility, under the withdrawn resolution. */
    underWithdrawn: number;
    /** Public, no status updates, in no thread (for deletes). */
    spare: number;
  };
  statusUpdates: {
    /** Public, in_progress, on publicNI. */
    public: number;
    /** Internal, newer, fulfilled, on publicNI. */
    internal: number;
    /** Public with one public and one internal evidence item, on publicNone. */
    publicWithInternalEvidence: number;
    /** Public, retracted (public reason), on publicNone. */
    retracted: number;
    /** Internal, corrected (and so retracted) by `correction`, on publicNone. */
    correctedInternal: number;
    /** Public, corrects `correctedInternal`, on publicNone. */
    correction: number;
    /** Public visibility, on the internal demand. */
    onInternalDemand: number;
    /** Public visibility, on the demand under the internal resolution. */
    underInternalResolution: number;
    /** Public visibility, on the demand under the rejected resolution. */
    underRejectedResolution: number;
  };
  threads: {
    /** Members: publicNI (public) and internal (internal). */
    main: number;
    /** Members: underInternal and underRejected only (nothing public). */
    hiddenMembers: number;
    /** No members (for deletes). */
    spare: number;
  };
  /** Import drafts (only with `imports: true`): one to commit, one to correct and discard. */
  imports: { toCommit: number; toEdit: number } | null;
  /** What anonymous callers must see, and nothing else. */
  visible: {
    resolutions: number[];
    demands: number[];
    statusUpdates: number[];
    /** Anonymous current status of publicNI (from the public update, not the newer internal one). */
    publicNIStatus: 'in_progress';
  };
  /** Ids anonymous callers must get 404 for. */
  hidden: { resolutions: number[]; demands: number[]; statusUpdates: number[] };
  users: { admin: number; chair: number; reader: number; editorNI: number; editorHE: number; editorLAG: number };
  /**
   * The reporting round of conference 20 (never public; drafts seen only by the assigned groups,
   * chair and admin). Assignments: publicNI → NI; publicNone → NI (lead), HE; internal → NI (lead), HE.
   */
  round: {
    id: number;
    /** Markers in drafts, return comments and objections: not in `markers` (readers do not see drafts). */
    markers: string[];
    /** Markers only the NI side (and chair, admin) may see. */
    niMarkers: string[];
    drafts: {
      /** publicNI, NI, returned with a comment. */
      returnedNI: number;
      /** publicNone, HE, draft. */
      draftHE: number;
      /** internal, HE, submitted. */
      submittedHE: number;
      /** publicNone, NI, submitted. */
      submittedNI: number;
      /** internal (addressee BREG), NI, accepted. */
      accepted: number;
      /** internal, NI, released (internal visibility). */
      released: number;
    };
    releasedUpdate: number;
    /** An open objection of BY to the released update. */
    objection: number;
  };
  /** A token of editorLAG (not a caller of the tests) to revoke. */
  spareTokenId: number;
  ownSpareTokenIds: Record<'admin' | 'chair' | 'reader' | 'editorNI' | 'editorHE' | 'editorLAG', number>;
}

/** Text for an import draft: one conference, one resolution with one demand (the place makes the text unique). */
export function importText(conference: number, place: string): string {
  return `${conference}. Integrationsministerkonferenz 20${conference}

Hauptkonferenz am 23. – 24. April 20${conference} in ${place}

TOP 4.5

Beratung für Zugewanderte in ${place} stärken

Antragsteller: Niedersachsen, Hessen

Die IntMK hat einstimmig beschlossen:

1. Die IntMK bekräftigt die Bedeutung der Migrationsberatung.

2. Sie fordert die Bundesregierung erneut auf, die Migrationsberatung auskömmlich zu finanzieren.
`;
}

export async function buildAccessFixture(
  options: { imports?: boolean; app?: Parameters<typeof createTestApp>[0] } = {},
): Promise<AccessFixture> {
  const t = await createTestApp(options.app);
  const markers: string[] = [];
  const mark = (field: string, text = '') => {
    const m = `${MARKER_WORD}-${field}-7Q`;
    if (markers.includes(m)) throw new Error(`marker ${m} used twice`);
    markers.push(m);
    return text ? `${m} ${text}` : m;
  };

  async function post(url: string, payload: unknown, expected = 201): Promise<any> {
    const res = await t.app.inject({ as: 'admin', method: 'POST', url: `/api/v1${url}`, payload: payload as Record<string, unknown> });
    if (res.statusCode !== expected) throw new Error(`fixture: POST ${url} → ${res.statusCode}: ${res.body}`);
    return json(res);
  }
  const conference = (c: Record<string, unknown>) => post('/conferences', c);
  const resolution = async (n: number, r: Record<string, unknown>) => (await post(`/conferences/${n}/resolutions`, r)).id as number;
  const demand = async (resolutionId: number, d: Record<string, unknown>) =>
    (await post(`/resolutions/${resolutionId}/demands`, { addressees: ['BREG'], kind: 'forderung', ...d })).id as number;
  const update = async (demandId: number, u: Record<string, unknown>) =>
    (await post(`/demands/${demandId}/status-updates`, { reporter: 'NI', ...u })).id as number;

  await conference({ number: 20, year: 2025, startDate: '2025-04-23', endDate: '2025-04-24', place: 'Göttingen', chairLand: 'NI' });
  await conference({ number: 21, year: 2026, startDate: '2026-04-22', endDate: '2026-04-23', place: 'Hamburg', chairLand: 'NW' });
  await conference({ number: 22, year: 2027 });

  const rPublic = await resolution(20, {
    top: '4.5',
    agendaHeading: 'Integration, Teilhabe und gesellschaftlicher Zusammenhalt',
    title: 'Migrationsberatung für Erwachsene (MBE) bedarfsgerecht finanzieren',
    proposers: ['NI', 'HE'],
    coordinatingLand: 'NI',
    adoption: 'einstimmig',
    budgetReservation: 'Die Länder stimmen unter Haushaltsvorbehalt zu.',
    preamble: 'Die IntMK stellt fest, dass die MBE unverzichtbar ist.',
    ziffern: [
      { number: '1', text: 'Die IntMK bekräftigt die große Bedeutung der MBE.' },
      { number: '2', text: 'Sie fordert die neue Bundesregierung auf, für eine auskömmliche Finanzierung der MBE zu sorgen.' },
    ],
    notes: [
      {
        kind: 'protokollnotiz',
        lands: ['HE'],
        ziffer: '1',
        text: 'Hessen verweist auf seine eigene Landesförderung.',
        visibility: 'public',
      },
      {
        kind: 'protokollerklaerung',
        lands: ['BY'],
        ziffer: '2',
        text: mark('note', 'Bayern stimmt nur unter Vorbehalt zu.'),
        visibility: 'internal',
      },
    ],
    // Votes and reasons of a public resolution stay in the internal minutes.
    reasoning: mark('reasoning', 'Die Mittel reichen für den Bedarf nicht aus.'),
    votes: [
      { land: 'NI', vote: 'ja' },
      { land: 'HE', vote: 'ja' },
      { land: 'BY', vote: 'enthaltung' },
    ],
    visibility: 'public',
  });
  const rInternal = await resolution(20, {
    top: '4.6',
    agendaHeading: mark('resolution-heading'),
    title: mark('resolution-title', 'Vertrauliche Vorlage'),
    proposers: ['BY'],
    adoption: 'mehrheitlich',
    budgetReservation: mark('resolution-budget'),
    preamble: mark('resolution-preamble'),
    ziffern: [{ number: '1', text: mark('resolution-ziffer', 'Die IntMK fordert den Bund vertraulich auf.') }],
    notes: [{ kind: 'protokollnotiz', lands: ['BY'], text: mark('note-under-internal-resolution'), visibility: 'public' }],
    visibility: 'internal',
  });
  const rRejected = await resolution(20, {
    top: '4.7',
    title: mark('rejected-title', 'Abgelehnter Antrag'),
    proposers: ['HB'],
    adoption: 'abgelehnt',
    preamble: mark('rejected-preamble'),
    reasoning: mark('rejected-reasoning'),
    votes: [
      { land: 'NI', vote: 'ja' },
      { land: 'BY', vote: 'nein' },
    ],
    ziffern: [{ number: '1', text: mark('rejected-ziffer', 'Die IntMK fordert den Bund auf.') }],
    notes: [{ kind: 'protokollnotiz', lands: ['HB'], text: mark('rejected-note'), visibility: 'public' }],
    visibility: 'public',
  });
  const rMerged = await resolution(20, {
    top: '4.8',
    title: 'Beratungsangebote zusammenführen',
    proposers: ['SN'],
    adoption: 'zusammengelegt',
    mergedIntoTop: '4.6',
    visibility: 'public',
  });
  const rSpare = await resolution(20, {
    top: '9.1',
    title: 'Bericht der Geschäftsstelle',
    proposers: 'all',
    adoption: 'zur_kenntnis_genommen',
    visibility: 'public',
  });
  const rWithdrawn = await resolution(21, {
    top: '2.1',
    title: mark('withdrawn-title', 'Zurückgezogener Antrag'),
    proposers: ['SH'],
    adoption: 'zurueckgezogen',
    ziffern: [{ number: '1', text: mark('withdrawn-ziffer', 'Die IntMK bittet den Bund.') }],
    visibility: 'public',
  });

  const dPublicNI = await demand(rPublic, {
    ziffer: '2',
    wording: 'Sie fordert die neue Bundesregierung auf, für eine auskömmliche Finanzierung der MBE zu sorgen.',
    summary: 'Auskömmliche Finanzierung der MBE',
    topics: ['migrationsberatung'],
    responsible: ['NI'],
    visibility: 'public',
  });
  // An addressee that only internal content names.
  await post('/vocab/addressees', { code: 'INTERN-STELLE', name: mark('addressee-name', 'Vertrauliche Stelle'), kind: 'federal' });
  const dInternal = await demand(rPublic, {
    ziffer: '2',
    kind: 'pruefbitte',
    addressees: ['BREG', 'INTERN-STELLE'],
    wording: mark('demand-wording', 'Die IntMK bittet vertraulich um Prüfung.'),
    summary: mark('demand-summary'),
    topics: [mark('demand-topic')],
    responsible: ['NI'],
    visibility: 'internal',
  });
  const dPublicNone = await demand(rPublic, {
    ziffer: '1',
    kind: 'bitte',
    wording: 'Die IntMK bittet den Bund, die Beratungsstrukturen zu verstetigen.',
    summary: 'Beratungsstrukturen verstetigen',
    responsible: [],
    visibility: 'public',
  });
  const dUnderInternal = await demand(rInternal, {
    ziffer: '1',
    wording: mark('demand-under-internal-resolution'),
    summary: mark('demand-summary-under-internal-resolution'),
    responsible: ['NI'],
    visibility: 'public',
  });
  const dUnderRejected = await demand(rRejected, {
    ziffer: '1',
    kind: 'appell',
    wording: mark('rejected-demand'),
    summary: mark('rejected-demand-summary'),
    responsible: ['HE'],
    visibility: 'public',
  });
  const dUnderWithdrawn = await demand(rWithdrawn, {
    ziffer: '1',
    kind: 'bitte',
    wording: mark('withdrawn-demand'),
    summary: mark('withdrawn-demand-summary'),
    responsible: ['NI'],
    visibility: 'public',
  });
  const dSpare = await demand(rPublic, {
    ziffer: null,
    kind: 'appell',
    wording: 'Die IntMK appelliert an den Bund, die Beratung zu sichern.',
    summary: 'Appell zur Sicherung der Beratung',
    visibility: 'public',
  });

  const sPublic = await update(dPublicNI, {
    status: 'in_progress',
    asOf: '2025-06-01',
    narrative: 'Der Bund hat die Mittel für 2026 im Regierungsentwurf angemeldet.',
    evidence: [{ kind: 'haushalt', citation: 'Regierungsentwurf Haushalt 2026, Kapitel 0603', date: '2025-06-01' }],
  });
  const sInternal = await update(dPublicNI, {
    status: 'fulfilled',
    asOf: '2025-09-01',
    narrative: mark('narrative', 'Vertraulich: die Mittel sind zugesagt.'),
    visibility: 'internal',
    evidence: [{ kind: 'schreiben', citation: mark('evidence-in-internal-update'), visibility: 'public' }],
  });
  const sWithEvidence = await update(dPublicNone, {
    status: 'under_examination',
    asOf: '2025-05-15',
    reporter: 'BY',
    narrative: 'Das BMI prüft die Verstetigung der Beratungsstrukturen.',
    evidence: [
      { kind: 'schreiben', citation: 'Schreiben des BMI vom 12.05.2025', date: '2025-05-12' },
      { kind: 'sonstige', citation: mark('evidence'), url: 'https://example.org/geheim-evidence-url-7q', visibility: 'internal' },
    ],
  });
  markers.push('geheim-evidence-url-7q');
  const sRetracted = await update(dPublicNone, {
    status: 'rejected',
    asOf: '2025-05-20',
    reporter: 'BY',
    narrative: 'Versehentlich erfasster Sachstand.',
  });
  await post(`/status-updates/${sRetracted}/retraction`, { reason: 'Doppelt erfasst.', reporter: 'BY' });
  const sCorrectedInternal = await update(dPublicNone, {
    status: 'largely_fulfilled',
    asOf: '2025-07-01',
    narrative: mark('narrative-corrected'),
    visibility: 'internal',
  });
  const sCorrection = await update(dPublicNone, {
    status: 'in_progress',
    asOf: '2025-08-01',
    narrative: 'Die Verstetigung ist in Vorbereitung.',
    corrects: sCorrectedInternal,
    correctionReason: mark('correction-reason'),
  });
  const sOnInternalDemand = await update(dInternal, {
    status: 'under_examination',
    asOf: '2025-06-15',
    narrative: mark('narrative-on-internal-demand'),
    evidence: [{ kind: 'bericht', citation: mark('evidence-on-internal-demand') }],
  });
  const sUnderInternalResolution = await update(dUnderInternal, {
    status: 'in_progress',
    asOf: '2025-06-16',
    narrative: mark('narrative-under-internal-resolution'),
  });
  const sUnderRejectedResolution = await update(dUnderRejected, {
    status: 'obsolete',
    asOf: '2025-06-17',
    reporter: 'HE',
    narrative: mark('narrative-under-rejected-resolution'),
  });

  const tMain = (
    await post('/threads', {
      title: 'Finanzierung der Migrationsberatung (MBE)',
      description: 'Wiederkehrende Forderung nach auskömmlicher Finanzierung.',
      origin: { text: 'seit 2019 gefordert', citation: '14. IntMK 2019, TOP 6.2' },
      mentions: [{ year: 2019, conference: 14, text: 'seit 2019 gefordert', citation: '14. IntMK 2019, TOP 6.2' }],
      members: [
        { demandId: dPublicNI, relation: 'raised_first' },
        { demandId: dInternal, relation: 'reiterated' },
      ],
    })
  ).id as number;
  const tHidden = (
    await post('/threads', {
      title: 'Strang ohne öffentliche Forderungen',
      members: [
        { demandId: dUnderInternal, relation: 'raised_first' },
        { demandId: dUnderRejected, relation: 'reiterated' },
      ],
    })
  ).id as number;
  const tSpare = (await post('/threads', { title: 'Leerer Strang' })).id as number;

  let imports: AccessFixture['imports'] = null;
  if (options.imports) {
    const upload = async (text: string) => {
      const res = await t.app.inject({
        as: 'admin',
        method: 'POST',
        url: '/api/v1/imports',
        headers: { 'content-type': 'text/plain' },
        payload: text,
      });
      if (res.statusCode !== 201) throw new Error(`fixture: import → ${res.statusCode}: ${res.body}`);
      return json(res).id as number;
    };
    imports = { toCommit: await upload(importText(30, 'Kiel')), toEdit: await upload(importText(31, 'Erfurt')) };
  }

  const round = await roundFixture(t, { publicNI: dPublicNI, publicNone: dPublicNone, internal: dInternal });

  const actorId = (role: keyof TestApp['tokens']) => {
    const r = t.services.auth.authenticate(t.tokens[role]);
    if (!('actor' in r)) throw new Error(`fixture: token of ${role} does not authenticate`);
    return r.actor.userId;
  };
  const users = {
    admin: actorId('admin'),
    chair: actorId('chair'),
    reader: actorId('reader'),
    editorNI: actorId('editorNI'),
    editorHE: actorId('editorHE'),
    editorLAG: actorId('editorLAG'),
  };
  const spareTokenId = t.services.auth.issueToken(users.editorLAG, { label: 'Reserve' }).tokenDto.id;
  // A second token of each account, for revoking one's own token without locking oneself out.
  const ownSpareTokenIds = Object.fromEntries(
    Object.entries(users).map(([role, id]) => [role, t.services.auth.issueToken(id, { label: 'Eigenes Reservetoken' }).tokenDto.id]),
  ) as Record<keyof typeof users, number>;

  return {
    t,
    markers,
    conferences: { main: 20, second: 21, spare: 22 },
    resolutions: {
      public: rPublic,
      internal: rInternal,
      rejected: rRejected,
      withdrawn: rWithdrawn,
      merged: rMerged,
      spare: rSpare,
    },
    tops: { public: '4.5', internal: '4.6', rejected: '4.7', merged: '4.8', spare: '9.1', withdrawn: '2.1' },
    demands: {
      publicNI: dPublicNI,
      internal: dInternal,
      publicNone: dPublicNone,
      underInternal: dUnderInternal,
      underRejected: dUnderRejected,
      underWithdrawn: dUnderWithdrawn,
      spare: dSpare,
    },
    statusUpdates: {
      public: sPublic,
      internal: sInternal,
      publicWithInternalEvidence: sWithEvidence,
      retracted: sRetracted,
      correctedInternal: sCorrectedInternal,
      correction: sCorrection,
      onInternalDemand: sOnInternalDemand,
      underInternalResolution: sUnderInternalResolution,
      underRejectedResolution: sUnderRejectedResolution,
    },
    threads: { main: tMain, hiddenMembers: tHidden, spare: tSpare },
    imports,
    visible: {
      resolutions: [rPublic, rMerged, rSpare],
      demands: [dPublicNI, dPublicNone, dSpare],
      statusUpdates: [sPublic, sWithEvidence, sRetracted, sCorrection],
      publicNIStatus: 'in_progress',
    },
    hidden: {
      resolutions: [rInternal, rRejected, rWithdrawn],
      demands: [dInternal, dUnderInternal, dUnderRejected, dUnderWithdrawn],
      statusUpdates: [sInternal, sCorrectedInternal, sOnInternalDemand, sUnderInternalResolution, sUnderRejectedResolution],
    },
    users,
    spareTokenId,
    ownSpareTokenIds,
    round,
  };
}

/** The reporting round of the fixture, built through the API as the roles that would do it. */
async function roundFixture(t: TestApp, d: { publicNI: number; publicNone: number; internal: number }): Promise<AccessFixture['round']> {
  const markers: string[] = [];
  const niMarkers: string[] = [];
  const mark = (field: string, ni = false) => {
    const m = `${MARKER_WORD}-round-${field}-7Q`;
    markers.push(m);
    if (ni) niMarkers.push(m);
    return m;
  };
  async function call(
    as: 'admin' | 'chair' | 'editorNI' | 'editorHE',
    method: 'POST' | 'PUT',
    url: string,
    payload: unknown = {},
  ): Promise<any> {
    const res = await t.request(as, {
      method,
      url: `/api/v1${url}`,
      payload: payload as Record<string, unknown>,
      headers: method === 'PUT' ? { 'if-match': '*' } : {},
    });
    if (res.statusCode >= 300) throw new Error(`fixture: ${method} ${url} → ${res.statusCode}: ${res.body}`);
    return json(res);
  }
  const round = await call('chair', 'POST', '/rounds', { conference: 20, asOf: '2026-11-15', deadline: '2026-12-15' });
  const assign = (demand: number, groups: { code: string; lead?: boolean }[]) =>
    call('chair', 'PUT', `/rounds/${round.id}/items/${demand}/assignments`, { groups });
  await assign(d.publicNI, [{ code: 'NI', lead: true }]);
  await assign(d.publicNone, [{ code: 'NI', lead: true }, { code: 'HE' }]);
  await assign(d.internal, [{ code: 'NI', lead: true }, { code: 'HE' }]);
  const draft = async (
    as: 'editorNI' | 'editorHE',
    demandId: number,
    group: string,
    narrative: string,
    extra: Record<string, unknown> = {},
  ) => (await call(as, 'POST', `/rounds/${round.id}/drafts`, { demandId, group, status: 'in_progress', narrative, ...extra })).id as number;

  const returnedNI = await draft('editorNI', d.publicNI, 'NI', mark('draft-ni', true));
  await call('editorNI', 'POST', `/drafts/${returnedNI}/submission`);
  await call('chair', 'POST', `/drafts/${returnedNI}/return`, { comment: mark('return-comment', true) });
  const draftHE = await draft('editorHE', d.publicNone, 'HE', mark('draft-he'));
  const submittedHE = await draft('editorHE', d.internal, 'HE', mark('draft-he-submitted'));
  await call('editorHE', 'POST', `/drafts/${submittedHE}/submission`);
  const submittedNI = await draft('editorNI', d.publicNone, 'NI', mark('draft-ni-submitted', true));
  await call('editorNI', 'POST', `/drafts/${submittedNI}/submission`);
  const accepted = await draft('editorNI', d.internal, 'NI', mark('draft-ni-accepted', true), {
    addressee: 'BREG',
    visibility: 'internal',
  });
  await call('editorNI', 'POST', `/drafts/${accepted}/submission`);
  await call('chair', 'POST', `/drafts/${accepted}/acceptance`);
  const released = await draft('editorNI', d.internal, 'NI', mark('draft-ni-released'), { visibility: 'internal' });
  await call('editorNI', 'POST', `/drafts/${released}/submission`);
  await call('chair', 'POST', `/drafts/${released}/acceptance`);
  const release = await call('chair', 'POST', `/rounds/${round.id}/release`, { drafts: [released] });
  const releasedUpdate = release.updates[0].statusUpdateId as number;
  const objection = (
    await call('admin', 'POST', `/rounds/${round.id}/objections`, { statusUpdateId: releasedUpdate, land: 'BY', reason: mark('objection') })
  ).id as number;
  return {
    id: round.id,
    markers,
    niMarkers,
    drafts: { returnedNI, draftHE, submittedHE, submittedNI, accepted, released },
    releasedUpdate,
    objection,
  };
}
