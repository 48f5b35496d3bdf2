// Text → draft. Pure: no database, no clock. The bodies passed in are the addressee vocabulary
// the demands are mapped to (the defaults plus whatever an installation added).
import { DEFAULT_BODIES, type LandCode } from '../../../domain/vocab.js';
import type { ImportDemand, ImportResolution, ParsedDocument } from '../imports.schemas.js';
import type { BodyRef } from './bodies.js';
import { demandContext, detectDemands, leadAddresseeOf, mentionsOf, reportsBack } from './demands.js';
import { type AgendaRow, chairFromParticipants, parseAgenda, parseConference, splitTops } from './layout.js';
import { type NormalizedText, normalizeText } from './normalize.js';
import { isBudgetReservationNote, type ParsedTop, parseTopBlock } from './tops.js';

export interface ParseOptions {
  bodies?: readonly BodyRef[];
  /** normalizeText(text), when the caller has it already (the import worker fingerprints it too). */
  normalized?: NormalizedText;
}

/** Marks an IntMK decision: at least one of these must appear for a text to count as a collection. */
const DECISION_MARKERS = /Antragsteller|hat\s+(?:einstimmig|mehrheitlich)\s+beschlossen|zur\s+Kenntnis/;

export class NotACollectionError extends Error {}

const SUFFIXES = 'bcdefghijklmnopqrstuvwxyz';

export function summarize(wording: string, max = 200): string {
  const flat = wording.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 20))} …`;
}

function headingFor(top: string, agenda: AgendaRow[], parsed: Map<string, ParsedTop>): string | null {
  const own = parsed.get(top)?.headingRest;
  if (own) return own;
  // Lettered siblings (2.1.a, 2.1.b) share the heading printed on the first of them.
  const sibling = /^(.*)\.[a-z]$/.exec(top);
  if (sibling) {
    for (const [t, p] of parsed) if (t !== top && t.startsWith(`${sibling[1]}.`) && p.headingRest) return p.headingRest;
  }
  const group = top.includes('.') ? agenda.find((r) => r.isGroup && r.top === top.split('.')[0]) : undefined;
  return group?.title ?? null;
}

export function parseDocument(text: string, options: ParseOptions = {}): ParsedDocument {
  const bodies = options.bodies ?? DEFAULT_BODIES;
  const { lines, lineNumbered } = options.normalized ?? normalizeText(text);
  const { front, blocks } = splitTops(lines);
  const warnings: string[] = [];
  const conference = parseConference(text);
  if (blocks.length === 0 || !DECISION_MARKERS.test(text) || conference.number === null) {
    throw new NotACollectionError(
      'Der Text ist keine Beschlusssammlung der IntMK: es fehlen TOP-Überschriften, Antragsteller oder die Nummer der Konferenz.',
    );
  }
  const agenda = parseAgenda(lines);
  const parsedTops = blocks.map((b) => parseTopBlock(b, lineNumbered));
  const byTop = new Map<string, ParsedTop>();
  for (const p of parsedTops) {
    if (byTop.has(p.top)) warnings.push(`TOP ${p.top} kommt mehrfach vor; nur der erste wurde übernommen.`);
    else byTop.set(p.top, p);
  }

  const resolutions: ImportResolution[] = [];
  const agendaByTop = new Map<string, AgendaRow>();
  for (const row of agenda) if (!row.isGroup && !agendaByTop.has(row.top)) agendaByTop.set(row.top, row);
  const greenList = new Set(agenda.filter((r) => r.greenList).map((r) => r.top));

  for (const p of byTop.values()) {
    const row = agendaByTop.get(p.top);
    const proposers = p.proposers ?? row?.proposers ?? [];
    let adoption = p.adoption;
    if (row?.withdrawn) adoption = 'zurueckgezogen';
    else if (row?.mergedInto) adoption = 'zusammengelegt';
    if (!adoption) {
      adoption = 'zur_kenntnis_genommen';
      warnings.push(`TOP ${p.top}: keine Beschlussformel gefunden; als „zur Kenntnis genommen“ angenommen.`);
    }
    const context = `${p.title}\n${p.preamble ?? ''}\n${p.ziffern.map((z) => z.text).join('\n')}`;
    const ctx = demandContext(bodies, context, conference.number);
    const detected = [
      ...(p.preamble ? detectDemands(p.preamble, null, ctx) : []),
      ...p.ziffern.flatMap((z) => detectDemands(z.text, z.number, ctx)),
    ];
    const counts = new Map<string, number>();
    const demands: ImportDemand[] = detected.map((d) => {
      const base = `${p.top}-${d.ziffer ?? 't'}`;
      const n = counts.get(base) ?? 0;
      counts.set(base, n + 1);
      return {
        key: n === 0 ? base : `${base}${SUFFIXES[n - 1] ?? n}`,
        ziffer: d.ziffer,
        kind: d.kind,
        addressees: d.addressees,
        wording: d.wording,
        summary: summarize(d.wording),
        dueConference: d.dueConference,
        dueDate: null,
        topics: [],
        responsible: [],
        leadAddressee: leadAddresseeOf(d.wording, d.addressees, ctx),
        reportBack: reportsBack(d.wording),
        mentions: mentionsOf(d.wording, { conference: conference.number, year: conference.year, top: p.top }),
        cues: d.cues,
        accepted: true,
        suggestions: [],
      };
    });
    resolutions.push({
      top: p.top,
      greenList: p.greenList ?? (greenList.has(p.top) ? 'GL' : null),
      agendaHeading: null,
      title: p.title,
      subtitle: p.subtitle,
      proposers,
      coordinatingLand: p.coordinating ?? row?.coordinating ?? null,
      adoption,
      mergedIntoTop: row?.mergedInto ?? null,
      circular: p.circular,
      budgetReservation: p.budgetReservation,
      withdrawnBy: row?.withdrawn ? row.withdrawnBy : null,
      preamble: p.preamble,
      ziffern: p.ziffern.map((z) => ({ heading: null, ...z })),
      closingText: null,
      notes: p.notes.map((n) => ({ ...n, demand: null, budgetReservation: isBudgetReservationNote(n.text) })),
      demands,
      included: true,
    });
  }

  // Agenda items without decision text are recorded only when the agenda says what became of
  // them (withdrawn, merged); the others were discussions without a resolution.
  let lastIndex = -1;
  for (const row of agenda) {
    if (row.isGroup) continue;
    const at = resolutions.findIndex((r) => r.top === row.top);
    if (at >= 0) {
      lastIndex = at;
      continue;
    }
    if (!row.withdrawn && !row.mergedInto) continue;
    resolutions.splice(lastIndex + 1, 0, {
      top: row.top,
      greenList: row.greenList ? 'GL' : null,
      agendaHeading: null,
      title: row.title,
      subtitle: null,
      proposers: row.proposers ?? [],
      coordinatingLand: row.coordinating,
      adoption: row.withdrawn ? 'zurueckgezogen' : 'zusammengelegt',
      mergedIntoTop: row.mergedInto,
      circular: null,
      budgetReservation: null,
      withdrawnBy: row.withdrawn ? row.withdrawnBy : null,
      preamble: null,
      ziffern: [],
      closingText: null,
      notes: [],
      demands: [],
      included: true,
    });
    lastIndex += 1;
    warnings.push(
      `TOP ${row.top} steht nur in der Tagesordnung (${row.withdrawn ? 'zurückgezogen' : 'zusammengelegt'}); Titel aus der Tagesordnung.`,
    );
  }
  for (const r of resolutions) r.agendaHeading = headingFor(r.top, agenda, byTop);

  const agendaTop = resolutions.find((r) => /Genehmigung\s+(?:der\s+)?Tagesordnung/i.test(r.title));
  const chairFromAgenda =
    agendaTop && Array.isArray(agendaTop.proposers) && agendaTop.proposers.length === 1 ? agendaTop.proposers[0] : null;
  const chairLand: LandCode | null = chairFromParticipants(front) ?? chairFromAgenda ?? null;
  if (!chairLand) warnings.push('Das Vorsitzland war nicht zu erkennen.');
  return { conference: { ...conference, chairLand }, resolutions, warnings };
}
