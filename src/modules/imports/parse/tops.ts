// One TOP block → the resolution: title, proposers, adoption, Ziffern, protocol notes, budget
// reservation. The rules follow the fixed form of IntMK decisions ("Antragsteller: …", "Die IntMK
// hat einstimmig beschlossen:", numbered Ziffern, "Protokollnotiz von …"), never a given document.
import type { Adoption, LandCode, NoteKind } from '../../../domain/vocab.js';
import { landsIn, parseProposers } from './lands.js';
import { isAgendaLine, parseGermanDate, type TopBlock } from './layout.js';
import { joinLines } from './normalize.js';

export interface ParsedTop {
  top: string;
  headingRest: string | null;
  greenList: string | null;
  title: string;
  subtitle: string | null;
  proposers: 'all' | LandCode[] | null;
  coordinating: LandCode | null;
  adoption: Adoption | null;
  circular: { number: string; date: string } | null;
  budgetReservation: string | null;
  preamble: string | null;
  ziffern: { number: string; text: string }[];
  notes: { kind: NoteKind; lands: LandCode[]; ziffer: string | null; text: string }[];
}

const PROPOSER_LINE = /^Antragsteller(?:in|innen)?\s*:\s*(.*)$/;
// "Die IntMK hat (mit Umlaufbeschluss 01/2023 vom 29. März 2023 | im Umlaufverfahren) einstimmig
// (bei Enthaltung von …) beschlossen:". A qualifier about abstentions or votes against may stand
// before or after the majority word; it does not change the adoption.
const QUALIFIER = String.raw`(?:,?\s*(?:bei|mit)\s+(?:\S+\s+){0,2}?(?:Enthaltung|Stimmenthaltung|Gegenstimme)\w*[^:]*?,?)`;
const ADOPTION_LINE = new RegExp(
  String.raw`^Die\s+(?:IntMK|Integrationsminister\S*konferenz)\s+hat\s+(?:(?:mit|per|im\s+Wege\s+des)\s+Umlaufbeschluss(?:\s+(?:Nr\.\s*)?(\d[\w/.-]*))?(?:\s+vom\s+([^:]+?))?\s+|im\s+Umlaufverfahren(?:\s+vom\s+([^:]+?))?\s+)?${QUALIFIER}?\s*(einstimmig|mehrheitlich|mit\s+Mehrheit)?${QUALIFIER}?\s*(beschlossen|abgelehnt)\s*:?\s*$`,
  'u',
);
const ADOPTION_START = /^Die\s+(?:IntMK|Integrationsminister\S*konferenz)\s+hat\b/;

/**
 * The line (or, where a PDF wrapped it, the two lines) holding the decision formula:
 * its match and the index of its last line.
 */
function adoptionAt(lines: string[], i: number): { m: RegExpExecArray; last: number } | null {
  const line = lines[i]!.trim();
  const own = ADOPTION_LINE.exec(line);
  if (own) return { m: own, last: i };
  if (!ADOPTION_START.test(line) || /[.:]$/.test(line)) return null;
  let j = i + 1;
  while (j < lines.length && lines[j]!.trim() === '') j++;
  if (j >= lines.length) return null;
  const joined = ADOPTION_LINE.exec(joinLines([line, lines[j]!]));
  return joined ? { m: joined, last: j } : null;
}
const NOTE_LINE = /^(Protokollnotiz|Protokollerklärung)\b(.*?)(?:\s+zu\s+Ziffer\s+(\d{1,2}))?\s*:\s*(.*)$/;
const BULLET = /^(?:[•▪●◦]|[-–]\s)/;

/** Groups lines into paragraphs; in a line-numbered PDF text blank lines mean nothing. */
function paragraphs(lines: string[], lineNumbered: boolean, items = true): string[][] {
  const out: string[][] = [];
  let cur: string[] = [];
  const flush = () => {
    if (cur.length) out.push(cur);
    cur = [];
  };
  const widths = lines.map((l) => l.trim().length).filter((n) => n > 0);
  const full = widths.length ? [...widths].sort((a, b) => a - b)[Math.floor(widths.length * 0.8)]! : 0;
  let prev = '';
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') {
      if (!lineNumbered) flush();
      continue;
    }
    // Without blank lines, a short line ending a sentence closes its paragraph.
    if (lineNumbered && prev && /[.:!?]["“”]?$/.test(prev) && prev.length < full * 0.75) flush();
    if (items && (BULLET.test(line) || /^\d{1,2}\.\s/.test(line))) flush();
    cur.push(line);
    prev = line;
  }
  flush();
  // A page break inside a sentence leaves a paragraph without its end and one starting in lower case.
  const merged: string[][] = [];
  for (const p of out) {
    const last = merged[merged.length - 1];
    const tail = last?.[last.length - 1] ?? '';
    if (last && !/[.:!?;]["“”)]?$/.test(tail) && /^[\p{Ll}(]/u.test(p[0] ?? '')) last.push(...p);
    else merged.push(p);
  }
  return merged;
}

/**
 * A PDF may set title, subtitle and text without a gap between them. A short line that ends a
 * phrase (no hyphen) followed by one starting in upper case ends a block; a wrapped title
 * continues in lower case, after a hyphen or with a dash.
 */
function splitRun(run: string[]): string[][] {
  const lines = run.map((l) => l.trim()).filter(Boolean);
  if (lines.length < 2) return [lines];
  const longest = Math.max(...lines.map((l) => l.length));
  const out: string[][] = [[lines[0]!]];
  for (let i = 1; i < lines.length; i++) {
    const prev = lines[i - 1]!;
    const line = lines[i]!;
    const ends = !/[-‐–,]$/.test(prev) && prev.length < longest * 0.75 && /^\p{Lu}/u.test(line) && !/^(?:[A-Z]{2,}|§)/.test(line);
    if (ends) out.push([line]);
    else out[out.length - 1]!.push(line);
  }
  return out;
}

function adoptionOf(word: string | undefined, verb: string | undefined): Adoption {
  if (verb === 'abgelehnt') return 'abgelehnt';
  if (word === 'mehrheitlich' || word?.startsWith('mit')) return 'mehrheitlich';
  return 'einstimmig';
}

/** A Land's statement that it agrees only under budget reservation („unter Haushaltsvorbehalt“). */
export function isBudgetReservationNote(text: string): boolean {
  return /Haushaltsvorbehalt/.test(text) || (/haushalt/i.test(text) && /vorbehalt(?!los)/i.test(text));
}

/**
 * The resolution's own budget reservation, from its text only: one Land's reservation in a
 * protocol note is that note's (`budgetReservation` on the note), never the whole resolution's.
 */
function findBudgetReservation(body: string): string | null {
  const sentences = body.split(/(?<=[.;])\s+(?=\p{Lu})/u);
  const explicit = sentences.find((s) => /Haushaltsvorbehalt/.test(s));
  if (explicit) return explicit.trim();
  const phrase = /unter\s+(?:dem\s+)?Vorbehalt\s+der\s+(?:jeweiligen\s+)?haushaltsrechtlichen\s+Bestimmungen/.exec(body);
  if (phrase) return phrase[0];
  // "… bleiben späteren Beschlüssen vorbehalten", "vorbehaltlich der Bereitstellung von Haushaltsmitteln".
  const later = sentences.find((s) => /haushalt/i.test(s) && /vorbehalt(?!los)/i.test(s));
  return later?.trim() ?? null;
}

export function parseTopBlock(block: TopBlock, lineNumbered: boolean): ParsedTop {
  const lines = block.lines.filter((l) => !isAgendaLine(l));
  let proposerIdx = lines.findIndex((l) => PROPOSER_LINE.test(l.trim()));
  const adoptionIdx = lines.findIndex((_, i) => adoptionAt(lines, i) !== null);
  const adoptionHit = adoptionIdx >= 0 ? adoptionAt(lines, adoptionIdx) : null;
  // A proposer line below the decision belongs to a table quoted in the text, not to this TOP.
  if (adoptionIdx >= 0 && proposerIdx > adoptionIdx) proposerIdx = -1;

  // Header: the title paragraphs, up to the proposer line, the decision line or the first paragraph.
  const headerEnd = proposerIdx >= 0 ? proposerIdx : adoptionIdx >= 0 ? adoptionIdx : -1;
  const headerParas: string[][] = [];
  let bodyStart: number;
  if (headerEnd >= 0) {
    const paras = paragraphs(lines.slice(0, headerEnd), false, false);
    headerParas.push(...(paras.length === 1 ? splitRun(paras[0]!) : paras));
    bodyStart = headerEnd;
  } else {
    const firstText = lines.findIndex((l) => l.trim() !== '');
    let end = firstText < 0 ? lines.length : firstText;
    while (end < lines.length && lines[end]!.trim() !== '') end++;
    const first = splitRun(lines.slice(Math.max(firstText, 0), end).filter((l) => l.trim() !== ''));
    headerParas.push(first[0] ?? []);
    // Without a proposer line only the title is header; what the split cut off is text.
    bodyStart = end - first.slice(1).reduce((n, p) => n + p.length, 0);
  }
  const texts = headerParas.map((p) => joinLines(p)).filter(Boolean);
  let title = texts.shift() ?? '';
  // "Entschließungsantrag:" on its own is a label of the title that follows.
  if (title.endsWith(':') && texts.length) title = `${title} ${texts.shift()}`;
  const subtitle = texts.length ? texts.join(' ') : null;

  let proposers: ParsedTop['proposers'] = null;
  let coordinating: LandCode | null = null;
  if (proposerIdx >= 0) {
    const pl: string[] = [PROPOSER_LINE.exec(lines[proposerIdx]!.trim())?.[1] ?? ''];
    let i = proposerIdx + 1;
    // Continuation lines of the list hold only names ("Brandenburg, Bremen, Hes-"), a few of them.
    const more = /^[\p{L}\s,()–-]+$/u;
    while (
      i < lines.length &&
      pl.length < 10 &&
      lines[i]!.trim() !== '' &&
      more.test(lines[i]!.trim()) &&
      !ADOPTION_START.test(lines[i]!.trim())
    ) {
      pl.push(lines[i++]!);
    }
    const parsed = parseProposers(joinLines(pl));
    proposers = parsed.proposers;
    coordinating = parsed.coordinating;
    bodyStart = Math.max(bodyStart, i);
  }

  let adoption: Adoption | null = null;
  let circular: ParsedTop['circular'] = null;
  if (adoptionHit) {
    const { m, last } = adoptionHit;
    adoption = adoptionOf(m[4], m[5]);
    const circularDate = m[2] ?? m[3];
    if (m[1] && circularDate) {
      const date = parseGermanDate(circularDate);
      if (date) circular = { number: m[1], date };
    }
    bodyStart = last + 1;
  }

  // Body: Ziffern, then protocol notes (which run to the end of the TOP).
  const bodyLines = lines.slice(bodyStart);
  const noteStarts = bodyLines.map((l, i) => (NOTE_LINE.test(l.trim()) ? i : -1)).filter((i) => i >= 0);
  const mainLines = noteStarts.length ? bodyLines.slice(0, noteStarts[0]) : bodyLines;
  const notes: ParsedTop['notes'] = noteStarts.map((start, k) => {
    const m = NOTE_LINE.exec(bodyLines[start]!.trim())!;
    const end = noteStarts[k + 1] ?? bodyLines.length;
    const text = paragraphs([m[4] ?? '', ...bodyLines.slice(start + 1, end)], lineNumbered)
      .map((p) => joinLines(p))
      .filter(Boolean)
      .join('\n\n');
    return {
      kind: m[1] === 'Protokollerklärung' ? 'protokollerklaerung' : 'protokollnotiz',
      lands: landsIn(m[2] ?? ''),
      ziffer: m[3] ?? null,
      text,
    };
  });

  // Paragraphs are kept as lines and joined once at the end: re-joining a growing text for every
  // continuation is quadratic in the length of a Ziffer.
  const preambleLines: string[][] = [];
  const zifferLines: { number: string; paras: string[][] }[] = [];
  const endsSentence = (paras: string[][]) => {
    const para = paras[paras.length - 1] ?? [];
    let line = '';
    for (let i = para.length - 1; i >= 0 && line === ''; i--) line = para[i]!.trim();
    return /[.:!?]["“”]?$/.test(line);
  };
  for (const para of paragraphs(mainLines, lineNumbered)) {
    const first = para[0]!;
    const zm = /^(\d{1,2})\.\s+(.*)$/.exec(first);
    if (zm && Number(zm[1]) === zifferLines.length + 1) {
      zifferLines.push({ number: zm[1]!, paras: [[zm[2]!, ...para.slice(1)]] });
      continue;
    }
    const target = zifferLines[zifferLines.length - 1]?.paras ?? preambleLines;
    // A wrapped line that starts with a figure ("19. IntMK …") continues the sentence before it.
    const continues = Boolean(zm) && target.length > 0 && !endsSentence(target);
    if (continues) target[target.length - 1]!.push(...para);
    else target.push([...para]);
  }
  const ziffern = zifferLines.map((z) => ({ number: z.number, text: z.paras.map((p) => joinLines(p)).join('\n\n') }));
  const preambleParas = preambleLines.map((p) => joinLines(p));
  const preamble = preambleParas.length ? preambleParas.join('\n\n') : null;
  const bodyText = [preamble ?? '', ...ziffern.map((z) => z.text)].join('\n\n');
  if (adoption === null && /zur\s+Kenntnis/.test(bodyText)) adoption = 'zur_kenntnis_genommen';

  return {
    top: block.top,
    headingRest: block.headingRest,
    greenList: block.greenList ?? null,
    title,
    subtitle,
    proposers,
    coordinating,
    adoption,
    circular,
    budgetReservation: findBudgetReservation(bodyText),
    preamble,
    ziffern,
    notes,
  };
}
