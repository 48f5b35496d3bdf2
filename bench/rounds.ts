// `npm run bench:rounds`: figures of the reporting round (issue #14), on a synthetic record.
// 1. Release of 1,000 accepted drafts in one transaction (with its audit record): <= 1 s.
// 2. Progress of a round of 1,000 demands assigned to 20 groups: <= 50 ms.
// 3. The XLSX reply form of a group with 200 assignments: <= 500 ms; its upload: <= 1 s.
import ExcelJS from 'exceljs';
import { fixedClock } from '../src/clock.js';
import { migrateDatabase, openDatabase } from '../src/db/client.js';
import type { Actor } from '../src/modules/auth/access.js';
import { createServices } from '../src/services.js';

const clock = fixedClock('2026-11-20T09:00:00Z', 0);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const chair: Actor = { userId: 1, name: 'Vorsitz', role: 'chair', lands: [], bodies: [], tokenId: 1 };
const GROUPS = [
  'BW',
  'BY',
  'BE',
  'BB',
  'HB',
  'HH',
  'HE',
  'MV',
  'NI',
  'NW',
  'RP',
  'SL',
  'SN',
  'ST',
  'SH',
  'TH',
  'LAG-MONITORING',
  'LAG-OEFFENTLICHER-DIENST',
  'BLAG-KOOPERATION',
  'KOMMUNEN',
];

/** A fresh database with conference 20, `n` open demands and a round over them, assigned round-robin to the groups. */
function fixture(n: number, groupsPerDemand = 1) {
  const database = openDatabase(':memory:');
  migrateDatabase(database);
  const { sqlite } = database;
  const services = createServices({ db: database.db, sqlite, clock });
  services.vocab.ensureDefaults();
  const now = clock.now().toISOString();
  sqlite.transaction(() => {
    sqlite
      .prepare(
        `INSERT INTO conferences (number, year, kind, start_date, created, modified) VALUES (20, 2025, 'hauptkonferenz', '2025-04-23', ?, ?)`,
      )
      .run(now, now);
    const insertResolution = sqlite.prepare(
      `INSERT INTO resolutions (conference_id, top, top_sort, title, proposers, adoption, created, modified) VALUES (1, ?, ?, ?, '["NI"]', 'einstimmig', ?, ?) RETURNING id`,
    );
    const insertDemand = sqlite.prepare(
      `INSERT INTO demands (resolution_id, ziffer, position, kind, wording, summary, topics, responsible, created, modified)
       VALUES (?, ?, ?, 'forderung', ?, ?, '["thema"]', '[]', ?, ?) RETURNING id`,
    );
    const insertAddressee = sqlite.prepare(`INSERT INTO demand_addressees (demand_id, body_code, position) VALUES (?, 'BUND', 0)`);
    let resolution = 0;
    for (let i = 0; i < n; i++) {
      if (i % 10 === 0) {
        const top = `${Math.floor(i / 10) + 1}`;
        resolution = (insertResolution.get(top, top.padStart(6, '0'), `Beschluss ${top}`, now, now) as { id: number }).id;
      }
      const d = insertDemand.get(
        resolution,
        String((i % 10) + 1),
        i % 10,
        `Die IntMK fordert den Bund auf, Maßnahme ${i} umzusetzen.`,
        `Maßnahme ${i}`,
        now,
        now,
      ) as { id: number };
      insertAddressee.run(d.id);
    }
  })();
  const round = services.rounds.create({
    conference: 20,
    asOf: '2026-11-15',
    deadline: '2026-12-15',
    excludeNotYetDue: true,
    excludeStanding: true,
    objectionDays: 28,
    reminderDays: [14, 3],
  });
  const ids = (
    sqlite.prepare('SELECT demand_id FROM round_items WHERE round_id = ? ORDER BY demand_id').all(round.id) as { demand_id: number }[]
  ).map((r) => r.demand_id);
  const assign = sqlite.prepare('INSERT INTO round_assignments (round_id, demand_id, group_code, lead) VALUES (?, ?, ?, ?)');
  sqlite.transaction(() => {
    ids.forEach((id, i) => {
      for (let g = 0; g < groupsPerDemand; g++) assign.run(round.id, id, GROUPS[(i + g) % GROUPS.length], g === 0 ? 1 : 0);
    });
  })();
  return { database, services, round, ids };
}

// 1. Release of 1,000 accepted drafts.
{
  const times: number[] = [];
  for (let run = 0; run < 5; run++) {
    const { database, services, round, ids } = fixture(1000);
    const insert = database.sqlite.prepare(
      `INSERT INTO round_drafts (round_id, demand_id, group_code, kind, status, narrative, evidence, addressee, visibility, state, created, modified)
       SELECT ?, ?, group_code, 'sachstand', 'in_progress', ?, ?, '', 'public', 'accepted', ?, ? FROM round_assignments WHERE round_id = ? AND demand_id = ? AND lead = 1`,
    );
    const now = clock.now().toISOString();
    const evidence = JSON.stringify([{ kind: 'schreiben', citation: 'Schreiben des BMI', date: null, url: null, visibility: 'public' }]);
    database.sqlite.transaction(() => {
      for (const id of ids) insert.run(round.id, id, `Sachstand zur Forderung ${id}.`, evidence, now, now, round.id, id);
    })();
    const t = performance.now();
    const updates = services.audit.write(
      { actor: chair, requestId: 'bench' },
      { action: 'rounds.release', entity: 'round', entityId: round.id, after: (r) => ({ statusUpdates: r.map((u) => u.statusUpdateId) }) },
      () => services.drafts.release(round.id, undefined, chair),
    );
    times.push(performance.now() - t);
    if (updates.length !== 1000) throw new Error(`released ${updates.length}`);
    database.sqlite.close();
  }
  console.log(
    `release of 1,000 accepted drafts in one transaction: median ${median(times).toFixed(0)} ms (runs: ${times.map((x) => x.toFixed(0)).join(', ')}; budget 1000 ms)`,
  );
}

// 2. Progress of 1,000 demands and 20 groups (two groups per demand, drafts in every state).
{
  const { database, services, round, ids } = fixture(1000, 2);
  const states = ['draft', 'submitted', 'returned', 'accepted', null] as const;
  const insert = database.sqlite.prepare(
    `INSERT INTO round_drafts (round_id, demand_id, group_code, kind, status, narrative, evidence, addressee, visibility, state, created, modified)
     SELECT ?, ?, group_code, 'sachstand', 'in_progress', 'x', '[]', '', 'public', ?, '', '' FROM round_assignments WHERE round_id = ? AND demand_id = ? AND lead = 1`,
  );
  database.sqlite.transaction(() => {
    ids.forEach((id, i) => {
      const s = states[i % states.length];
      if (s) insert.run(round.id, id, s, round.id, id);
    });
  })();
  services.rounds.progress(round.id, chair);
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    const p = services.rounds.progress(round.id, chair);
    times.push(performance.now() - t);
    if (p.groups.length !== 20 || p.totals.assigned !== 2000) throw new Error('unexpected progress');
  }
  console.log(
    `progress of a round of 1,000 demands and 20 groups: median ${median(times).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms (budget 50 ms)`,
  );
  database.sqlite.close();
}

// 3. XLSX reply form of 200 assignments, and its upload.
{
  const { database, services, round } = fixture(4000);
  const group = 'NI'; // every 20th demand: 200 assignments
  const buildTimes: number[] = [];
  let form: Buffer = Buffer.alloc(0);
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    form = (await services.forms.build(round.id, group, chair)).data;
    buildTimes.push(performance.now() - t);
  }
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(form as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('Antworten');
  if (ws?.rowCount !== 201) throw new Error(`form has ${ws?.rowCount} rows`);
  for (let r = 2; r <= 201; r++) {
    ws.getCell(`J${r}`).value = 'in Umsetzung';
    ws.getCell(`K${r}`).value = `Sachstand ${r}: Die Umsetzung läuft.`;
    ws.getCell(`L${r}`).value = 'Schreiben: Schreiben des BMI vom 3.11.2026';
  }
  const filled = Buffer.from(await wb.xlsx.writeBuffer());
  const t = performance.now();
  const rows = await services.forms.parse(round.id, group, chair, filled);
  const result = services.audit.write(
    { actor: chair, requestId: 'bench' },
    { action: 'forms.upload', entity: 'round', entityId: round.id },
    () => services.forms.apply(round.id, group, chair, rows),
  );
  const upload = performance.now() - t;
  if (result.created.length !== 200) throw new Error(`created ${result.created.length}`);
  console.log(
    `XLSX reply form of 200 assignments: median ${median(buildTimes).toFixed(0)} ms (budget 500 ms), ${(form.length / 1024).toFixed(0)} KB; upload of the filled form (200 drafts created): ${upload.toFixed(0)} ms (budget 1000 ms)`,
  );
  database.sqlite.close();
}
