// Demand detection: which statements in a Ziffer ask something of someone, of what kind, of whom,
// and whether they say that the demand is an old one. Sentence by sentence, from the verb:
//   beauftragt → Auftrag; fordert … auf / wird aufgefordert / erwartet vom Bund → Forderung;
//   bittet … zu prüfen / um Prüfung gebeten → Prüfbitte; bittet / ersucht / wird gebeten → Bitte;
//   appelliert an / regt an / ruft auf → Appell; setzt sich ein / bekennt sich / erklärt sich
//   bereit / wird … unterstützen → Selbstverpflichtung of the Länder.
// Statements of need ("ist … erforderlich", "soll geprüft werden") count when they name a federal
// actor or continue a demand ("Zudem …", "Ferner …"), inheriting its addressees.
import type { DemandKind } from '../../../domain/vocab.js';
import type { ReiterationCue } from '../imports.schemas.js';
import { type BodyLexicon, type BodyRef, buildLexicon, type Mention, resolveLag } from './bodies.js';
import { splitClauses, splitSentences } from './sentences.js';

export interface DetectedDemand {
  ziffer: string | null;
  kind: DemandKind;
  addressees: string[];
  wording: string;
  dueConference: number | null;
  cues: ReiterationCue[];
}

export interface DemandContext {
  lexicon: BodyLexicon;
  bodies: readonly BodyRef[];
  /** Title and text of the whole resolution, to resolve a bare "LAG". */
  resolutionText: string;
  /** Number of the conference, so references to earlier ones can be told from due dates. */
  conference: number | null;
}

/** One lexicon per vocabulary: a document's resolutions share it (it compiles some sixty patterns). */
const lexicons = new WeakMap<readonly BodyRef[], BodyLexicon>();

export function demandContext(bodies: readonly BodyRef[], resolutionText: string, conference: number | null): DemandContext {
  let lexicon = lexicons.get(bodies);
  if (!lexicon) {
    lexicon = buildLexicon(bodies);
    lexicons.set(bodies, lexicon);
  }
  return { lexicon, bodies, resolutionText, conference };
}

interface Trigger {
  kind: DemandKind;
  index: number;
  end: number;
  /** Where the addressee stands relative to the verb. */
  object: 'after' | 'before' | 'between' | 'von' | 'none';
  /** For separable verbs ("fordert … auf"): the particle that closes the object. */
  particle?: RegExp;
}

const MAX_CLAUSE = 3000;

const SUBJECT =
  /^\s*(?:(?:daher|deshalb|deswegen|zudem|ferner|außerdem|darüber\s+hinaus|jedoch|weiterhin|erneut|ihrerseits|insbesondere|eindringlich|federführend)\s+)*(?:die\s+IntMK|die\s+Länder|die\s+Integrationsministerkonferenz|sie|wir|die\s+für\s+Integration\s+zuständigen\s+Minister\S*\s+und\s+Minister(?:,|\s+sowie)\s+Senator\S*\s+und\s+Senator\S*(?:\s+der\s+Länder)?(?:\s+\(IntMK\))?)(?![\p{L}])/iu;

const FEDERAL_HINT =
  /(?<![\p{L}-])(?:Bund(?:es)?|Bunde?s?regierung|Bundesministeri\w*|Bundesagentur|Bundesamt\w*|Arbeitsagenturen|BMI|BMAS|BMZ|BAMF|BA)(?![\p{L}-])|(?:vom|durch\s+den|des)\s+Bund/u;
// Words that add a further demand rather than elaborate the one before ("Zudem …", "So soll etwa auch …").
// An early "auch" adds something unless the sentence opens with a word pointing back at the demand
// before ("Dies ist auch …", "Dafür sollen auch …"): that is an elaboration of it.
const CONTINUATION =
  /^(?:Auch|Zudem|Ferner|Überdies|Außerdem|Darüber\s+hinaus|Daneben)\b|\b(?:zudem|ferner|überdies|außerdem|darüber\s+hinaus)\b|^(?!(?:Damit|Dabei|Dafür|Hierbei|Hierfür|Hierzu|Dazu|Dies\w*|Das|Es|Sie|Er|Diese[rsnm]?)\b)(?:\S+\s+){1,3}auch\b/;
const NEED =
  /\b(?:erforderlich|erfordert|notwendig|nötig|unabdingbar|unerlässlich|entscheidend|benötig\w*)\b|\bbedarf\s+es\b|\bsollten?\b|\bist\b.*?\bzu\s+(?:prüfen|verankern|setzen|sichern|schaffen|gewährleisten)\b|\bsoll(?:en|te|ten)?\b.*?\bwerden\b|\bmüssen\b.*?\bwerden\b|\bgeprüft\s+werden\b/;

function first(re: RegExp, text: string): RegExpExecArray | null {
  re.lastIndex = 0;
  return re.exec(text);
}

/** The strongest demand verb of a clause, or null. */
export function findTrigger(fullClause: string, sentence: string = fullClause): Trigger | null {
  // A demand verb stands early; the cap keeps the lazy patterns linear on run-on garbage.
  const clause = fullClause.slice(0, MAX_CLAUSE);
  // A past passive ("wurde … beauftragt") reports what happened, it asks nothing.
  if (/\bwurde[n]?\b.*?\b(?:beauftragt|gebeten|aufgefordert)\b/u.test(clause)) return null;
  const at = (m: RegExpExecArray | null) => (m ? { index: m.index, end: m.index + m[0].length } : null);
  const hit = (re: RegExp) => at(first(re, clause));

  const auftrag = hit(/\bbeauftrag(?:t|en|te)\b/u);
  if (auftrag) {
    const passive = /\b(?:wird|werden)\b/.test(clause.slice(0, auftrag.index)) && !/\bbeauftrag(?:t|en)\s+(?:die|den|das)\b/.test(clause);
    return { kind: 'auftrag', ...auftrag, object: passive ? 'before' : 'after' };
  }
  const passiveDemand = hit(/\baufgefordert\b/u);
  if (passiveDemand) return { kind: 'forderung', ...passiveDemand, object: 'before' };
  const demand = hit(/\b(?:fordert|fordern)\b/u);
  if (demand) {
    const rest = clause.slice(demand.end);
    const particle = /\bdazu\s+auf\b|\bauf\b(?=\s*,|\s+\p{Ll}+\s*,|\s*$|\s+(?:zu|sich)\b)/u;
    // Without "auf" the object is what is demanded, not whom: "fordert einen leichteren Zugang".
    return { kind: 'forderung', ...demand, object: particle.test(rest) ? 'between' : 'none', particle };
  }
  const reaffirmed =
    hit(/\b(?:bekräftig\w*|wiederhol\w*)\b.*?\b(?:Forderung\w*|Beschlusslage)\b/u) ??
    hit(/\bhält\b.*?\bForderungen?\b.*?\bfest\b|\bweis(?:t|en)\b.*?\bauf\s+(?:ihre|seine)\s+Forderung/u);
  if (reaffirmed) return { kind: 'forderung', ...reaffirmed, object: 'none' };
  const pointsOut = hit(/\bweis(?:t|en)\s+(?:die|den|das)\b/u);
  if (pointsOut && /\bdarauf\s+hin\b/.test(clause)) return { kind: 'forderung', ...pointsOut, object: 'after' };
  const expects = hit(/\berwarte[nt]?\b|\bErwartung\b/u);
  if (expects) {
    const von = /\b(?:[Vv]om|[Vv]on\s+(?:der|den|dem))\s+\S+/.test(clause);
    if (von || /\bErwartung\b/.test(clause)) return { kind: 'forderung', ...expects, object: von ? 'von' : 'before' };
  }

  const bitte = at(first(/\b(?:bittet|bitten|bat|baten|ersuch(?:t|en)|erbitte[nt]?)\b/u, clause));
  const gebeten = at(first(/\bgebeten\b/u, clause));
  const pruef = /\b(?:zu\s+(?:über)?prüfen|Prüfung|überprüfen|prüfen)\b/u.test(clause);
  // "zu prüfen und zu beschließen" asks for more than an examination.
  const andMore = /\bzu\s+(?:über)?prüfen\s+und\s+(?:\S+\s+)?zu\s+\p{L}+/u.test(clause);
  if (bitte || gebeten) {
    const hit = (bitte ?? gebeten)!;
    const kind: DemandKind = pruef && !andMore ? 'pruefbitte' : 'bitte';
    if (bitte) {
      const erbitten = /^(?:erbitte)/.test(clause.slice(hit.index));
      return { kind, ...hit, object: erbitten ? 'none' : 'after' };
    }
    return { kind, ...hit, object: 'before' };
  }
  const appeal = hit(/\bappellier(?:t|en)\b/u);
  if (appeal) return { kind: 'appell', ...appeal, object: 'after' };
  // "ermutigt den Bund, …", "bestärkt den Bund darin, …": encouragement of an actor is an appeal.
  const encourages = hit(/\b(?:ermutig|bestärk)(?:t|en)\b/u);
  if (encourages) return { kind: 'appell', ...encourages, object: 'after' };
  // "empfiehlt …, zu prüfen", "schlägt … vor": a proposal is an appeal ("regt an" alike).
  const proposes = hit(/\b(?:empfiehlt|empfehlen|schlägt|schlagen)\b/u);
  if (proposes && (/^(?:empf)/.test(clause.slice(proposes.index)) || /\bvor\b/u.test(clause.slice(proposes.end)))) {
    return { kind: 'appell', ...proposes, object: 'none' };
  }
  const suggests = hit(/\b(?:regt|regen|ruft|rufen)\b/u);
  if (suggests) {
    const particle = /\b(?:an|auf)\b(?=\s*,|\s*$|\s+(?:dass|zu)\b|\s+\p{Ll})/u;
    if (particle.test(clause.slice(suggests.end))) return { kind: 'appell', ...suggests, object: 'between', particle };
  }

  // Statements of the Länder about themselves.
  const self =
    /\bsetz(?:t|en)\s+sich\b.*?\bein\b|\bbekenn(?:t|en)\s+sich\b|\berklär(?:t|en)\s+sich\b.*?\bbereit\b|\bBereitschaft\b|\bverständig(?:t|en)\s+sich\b|\btreib(?:t|en)\b.*?\bvoran\b|\bmüssen\s+wir\b|\bwerden\b.*?\b(?:tun|unterstützen|austauschen|leisten|fortsetzen|fördern|einsetzen)\b|\b(?:unterstützen|fördern|fortsetzen|austauschen)\s+werden\b|\bwird\b.*?\bleisten\b|^Die\s+Länder\b.*?\bprüfen\b|\bwollen\b.*?\b(?:verstetigen|fortsetzen|fortführen)\b|\bsprech(?:en)?\s+sich\b.*?\baus\b|\bspricht\s+sich\b.*?\baus\b/u;
  const m = hit(self);
  if (m) {
    const actor = /\b(?:IntMK|Integrationsministerkonferenz|Länder|Minister\w*|Senator\w*|Sie|sie|wir|Wir)\b/.test(sentence);
    if (!actor) return null;
    // "setzt sich … ein" or "spricht sich … aus" aimed at a federal actor is a demand on it.
    const aimed = FEDERAL_HINT.test(sentence);
    // "bekennt sich dazu, dass …" states a conviction, it commits to nothing.
    if (/\bbekenn(?:t|en)\s+sich\s+(?:\p{L}+\s+)?dazu,\s+dass\b/u.test(clause)) return null;
    if (/\bsprech|\bspricht/.test(clause.slice(m.index, m.end)) && !aimed) return null;
    // A declaration of attitude commits to no act (docs/seed-notes.md, Selbstverpflichtung):
    // "setzt sich … ein" for a goal, "bekennt sich zu …".
    // Only "Die Länder setzen sich dafür ein, ihre … zu …" (an act in their own remit) commits them.
    const ownAct = /\bsetz\S*\s+sich\s+dafür\s+ein,\s+(?:ihre|unsere)\b[^,]*\bzu\s+\p{Ll}/u.test(clause);
    if (!aimed && (/\bbekenn/.test(clause.slice(m.index, m.end)) || (/\bsetz/.test(clause.slice(m.index, m.end)) && !ownAct))) return null;
    if (aimed && /\bsetz|\bsprech|\bspricht/.test(clause.slice(m.index, m.end))) return { kind: 'forderung', ...m, object: 'none' };
    return { kind: 'selbstverpflichtung', ...m, object: 'none' };
  }
  // "Die Länder werden … ausbauen", "Zudem wird die IntMK …", "Die Länder wollen … verstetigen":
  // the conference or the Länder announcing what they will do, whatever the verb.
  const main = clause.replace(MAIN_CLAUSE_END, '');
  const intent = OWN_INTENT.exec(main);
  if (intent?.[1] && !NOT_AN_INFINITIVE.test(intent[1])) {
    return { kind: 'selbstverpflichtung', index: intent.index, end: intent.index + intent[0].length, object: 'none' };
  }
  return null;
}

const BODY_SUBJECT = String.raw`[Dd]ie\s+(?:IntMK|Integrationsministerkonferenz|Länder)`;
// A future commits ("Die Länder werden …", "wir werden …"); an intention only when the conference or
// the Länder state it ("Die Länder wollen …"), not the "wir wollen …" of a declaration's prose.
const INTENT_HEAD = String.raw`(?:(?:${BODY_SUBJECT}|[Ww]ir)\s+(?:werden|wird)|(?:werden|wird)\s+(?:${BODY_SUBJECT}|wir)|${BODY_SUBJECT}\s+(?:wollen|will)|(?:wollen|will)\s+${BODY_SUBJECT})`;
/** Subject and future or intention, then the main clause ending in an infinitive. */
const OWN_INTENT = new RegExp(String.raw`^(?:\p{Lu}\p{Ll}*\s+)?${INTENT_HEAD}\s.*?\s(\p{Ll}{3,}(?:en|ern|eln))\s*[.!]?$`, 'u');
/** Subordinate clauses after the main one ("…, um …", "…, die …") do not carry its verb. */
const MAIN_CLAUSE_END =
  /\s*(?:,\s*(?:um|damit|dass|sodass|so\s+dass|wenn|weil|indem|ob|sofern|soweit|wie|die|der|das|den|dem|deren|dessen|welche\w*)\b|;).*$/su;
/** A passive participle ("… einbezogen", "… gegeben") or a modal closes the clause without an action of their own. */
const NOT_AN_INFINITIVE =
  /^(?:(?:ab|an|auf|aus|bei|ein|mit|nach|vor|zu|zurück|weiter|fort|hin|her|dar|hinzu|heraus)?ge\p{Ll}{3,}en|werden|worden|sein|haben|können|müssen|sollen|dürfen|lassen|bleiben)$/u;

const CUE_WORDS =
  /\b(erneut|bekräftig\w*|weiterhin|wiederholt\w*|nach\s+wie\s+vor|langjährig\w*|mehrfach\s+geforderte?\w*|Beschlusslage|bereits\s+(?:im\s+Jahr\s+\d{4}|seit)|seit\s+(?:\d{4}|Jahren))\b/giu;
const REFERENCE = /(?:TOP\s+([A-Z0-9.]+[a-z]?)\s+(?:der|des)\s+)?(\d{1,2})\.\s*(?:IntMK|Integrationsminister\S*konferenz)(?:\s+(\d{4}))?/gu;

export function findCues(text: string, conference: number | null): ReiterationCue[] {
  const cues: ReiterationCue[] = [];
  for (const m of text.matchAll(CUE_WORDS)) {
    const t = m[0].replace(/\s+/g, ' ');
    if (!cues.some((c) => c.text.toLowerCase() === t.toLowerCase())) cues.push({ kind: 'cue_word', text: t, conference: null, top: null });
  }
  for (const m of text.matchAll(REFERENCE)) {
    const n = Number(m[2]);
    // "für die 22. IntMK 2027" is a due date, not an earlier decision.
    if (conference !== null && n >= conference) continue;
    if (/\bfür\s+die\s*$/.test(text.slice(Math.max(0, (m.index ?? 0) - 10), m.index))) continue;
    cues.push({ kind: 'explicit_reference', text: m[0].replace(/\s+/g, ' '), conference: n, top: m[1]?.replace(/\.$/, '') ?? null });
  }
  return cues;
}

/**
 * The addressee asked to lead: „bitten … federführend die KMK, unter Beachtung der jeweiligen
 * Zuständigkeiten …“ names the body right after „federführend“; only one of the demand's addressees.
 */
export function leadAddresseeOf(wording: string, addressees: readonly string[], ctx: DemandContext): string | null {
  const m = /\bfederführend(?:\s+(?:die|den|das|der|dem))?\s+/u.exec(wording);
  if (!m) return null;
  const rest = wording.slice(m.index + m[0].length);
  const first = ctx.lexicon.find(rest).sort((a, b) => a.index - b.index)[0];
  return first && first.index <= 3 && addressees.includes(first.code) ? first.code : null;
}

/**
 * A duty to report back to the IntMK: „… und die IntMK entsprechend zu informieren“ (the IntMK as
 * object), „der IntMK … zu berichten“. „Die Geschäftsstelle der IntMK wird gebeten, die KMK … zu
 * informieren“ is a genitive and no such duty.
 */
export function reportsBack(wording: string): boolean {
  return (
    /(?<!\p{Lu}\p{L}*\s)\bdie\s+IntMK\s+(?:[\p{L}-]+\s+){0,4}zu\s+(?:informieren|unterrichten)\b/u.test(wording) ||
    /(?<!\p{Lu}\p{L}*\s)\bder\s+IntMK\s+(?:[\p{L}-]+\s+){0,8}zu\s+berichten\b/u.test(wording)
  );
}

/**
 * Earlier raisings the wording dates itself: „seit 2011“, „bereits im Jahr 2009“. They are thread
 * mentions (docs/decisions/0011), cited with the place in this conference's collection.
 */
export function mentionsOf(
  wording: string,
  at: { conference: number | null; year: number | null; top: string },
): { year: number; conference: number | null; text: string; citation: string }[] {
  const out: { year: number; conference: number | null; text: string; citation: string }[] = [];
  // Only where the sentence speaks of asking: „die seit 2008 nicht erhöhte Pauschale“ dates no demand.
  if (!/\b(?:fordert|fordern|gefordert\w*|Forderung\w*|bittet|bitten|gebeten|appelliert)\b/u.test(wording)) return out;
  for (const m of wording.matchAll(/\b(?:(?:fast\s+)?durchgängig\s+)?(?:seit|bereits\s+im\s+Jahre?)\s+(\d{4})\b/giu)) {
    const year = Number(m[1]);
    if (at.year !== null && year >= at.year) continue;
    if (out.some((x) => x.year === year)) continue;
    const where = at.conference !== null ? `${at.conference}. IntMK${at.year ? ` ${at.year}` : ''}, TOP ${at.top}` : `TOP ${at.top}`;
    out.push({ year, conference: null, text: m[0].replace(/\s+/g, ' '), citation: where });
  }
  return out;
}

/** Mentions between the verb and the end of its object, in printed order. */
function addresseesOf(clause: string, trigger: Trigger, ctx: DemandContext): Mention[] {
  const { lexicon } = ctx;
  let window = '';
  let offset = 0;
  if (trigger.object === 'after' || trigger.object === 'between') {
    let rest = clause.slice(trigger.end);
    const subject = SUBJECT.exec(rest);
    if (subject) rest = rest.slice(subject[0].length);
    offset = clause.length - rest.length;
    if (trigger.object === 'after') rest = rest.replace(/^\s*an\b/, ' ');
    let stop = rest.search(/,|\s+zu\s+\p{L}|\s+um\s+|\s+mit\s+der\b|\s+mit\s+dem\b|\s+bei\s+der\b/u);
    if (trigger.object === 'between' && trigger.particle) {
      const p = rest.search(trigger.particle);
      if (p >= 0 && (stop < 0 || p < stop)) stop = p;
    }
    window = stop >= 0 ? rest.slice(0, stop) : rest;
    // A name with commas in it ("Bundesministerium für Familie, Senioren, Frauen und Jugend") runs
    // past the first comma: a body that starts inside the object counts whole.
    const named = lexicon.find(rest).filter((m) => m.index < window.length);
    if (named.length)
      return withCurrent(
        named.map((m) => ({ ...m, index: m.index + offset, end: m.end + offset })),
        window,
      );
  } else if (trigger.object === 'before') {
    const before = clause.slice(0, trigger.index);
    const cut = before.lastIndexOf(',');
    offset = cut + 1;
    window = before.slice(cut + 1);
    // The same for a passive subject that holds commas: a body that ends inside the window counts.
    const named = lexicon.find(before).filter((m) => m.end > offset);
    if (named.length) return withCurrent(named, window);
  } else if (trigger.object === 'von') {
    const v = /\b(?:[Vv]om|[Vv]on\s+(?:der|den|dem))\s+(.*?)(?=\s+erwarte|,|$)/u.exec(clause);
    window = v?.[0] ?? '';
    offset = v?.index ?? 0;
  }
  const found = lexicon.find(window).map((m) => ({ ...m, index: m.index + offset, end: m.end + offset }));
  return withCurrent(found, window);

  function withCurrent(mentions: Mention[], text: string): Mention[] {
    // "das Vorsitzland der LAG (z. Z. Hessen)": the Land in brackets is meant.
    // Bounded: an unclosed bracket must not make every "(z. Z." scan to the end of the text.
    const current = /\(z\.\s{0,3}Z\.\s{0,3}([^()]{1,120})\)/.exec(text);
    if (current) {
      const land = lexicon.find(current[1] ?? '').find((m) => m.kind === 'laender');
      if (land) return [land];
    }
    return mentions;
  }
}

function resolveCodes(mentions: Mention[], ctx: DemandContext): string[] {
  const codes: string[] = [];
  for (const m of mentions) {
    const code = m.code === 'LAG' ? resolveLag(ctx.bodies, ctx.resolutionText) : m.code;
    if (code && !codes.includes(code)) codes.push(code);
  }
  return codes;
}

interface Unit {
  text: string;
  bullet: boolean;
}

function units(text: string): Unit[] {
  return text
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => ({ text: p.replace(/^(?:[•▪●◦]|[-–])\s*/, ''), bullet: /^(?:[•▪●◦]|[-–]\s)/.test(p) }));
}

/** True when the text ends right after a demand verb and its addressee ("… bitten die Bundesregierung"). */
function openObject(text: string): boolean {
  const last = splitSentences(text).pop() ?? '';
  const trigger = findTrigger(last);
  return trigger !== null && last.slice(trigger.end).trim().split(/\s+/).length <= 6;
}

const ministries = (mentions: Mention[]) => mentions.filter((m) => m.kind === 'federal' && /^BM/.test(m.code)).map((m) => m.code);
const union = (a: string[], b: string[]) => [...new Set([...a, ...b])];

/** A statement of need without a demand verb: part of the demand before it, a demand of its own, or nothing. */
function needStatement(
  fullClause: string,
  previous: DetectedDemand | null,
  ziffer: string | null,
  ctx: DemandContext,
): DetectedDemand | 'merged' | null {
  const clause = fullClause.slice(0, MAX_CLAUSE);
  if (!NEED.test(clause)) return null;
  const mentions = ctx.lexicon.find(clause);
  const bodies = mentions.filter((m) => m.kind !== 'laender');
  const base = { ziffer, wording: clause, dueConference: null, cues: findCues(clause, ctx.conference) };
  // "sollte(n)" recommends rather than demands.
  const kindOf = (): DemandKind => (/\bsollten?\b/.test(clause) ? 'appell' : 'forderung');
  if (previous) {
    const own = resolveCodes(bodies, ctx).filter((c) => !previous.addressees.includes(c));
    if (!CONTINUATION.test(clause) && own.length === 0) {
      // Elaborates the demand before it ("Dafür sollen …"): part of its wording.
      previous.wording = `${previous.wording} ${clause}`;
      previous.cues = findCues(previous.wording, ctx.conference);
      return 'merged';
    }
    const working = resolveCodes(
      bodies.filter((m) => m.kind === 'working_group'),
      ctx,
    );
    const kind: DemandKind = /prüf/.test(clause) && previous.kind !== 'selbstverpflichtung' ? previous.kind : kindOf();
    const addressees = working.length
      ? working
      : union(previous.kind === 'selbstverpflichtung' ? ['BUND'] : previous.addressees, ministries(mentions));
    return { ...base, kind, addressees };
  }
  if (!FEDERAL_HINT.test(clause)) return null;
  const federal = mentions.filter((m) => m.kind === 'federal');
  if (federal.length === 0) return null;
  const withLaender = mentions.some((m) => m.code === 'LAENDER') ? ['LAENDER'] : [];
  return { ...base, kind: kindOf(), addressees: union(resolveCodes(federal, ctx), withLaender) };
}

/** Detects the demands of one Ziffer (or of the undivided text when `ziffer` is null). */
export function detectDemands(text: string, ziffer: string | null, ctx: DemandContext): DetectedDemand[] {
  const out: DetectedDemand[] = [];
  const parts = units(text);
  let leader: DetectedDemand | null = null;
  let previous: DetectedDemand | null = null;
  const fromNeed = new WeakSet<DetectedDemand>();
  for (let u = 0; u < parts.length; u++) {
    const unit = parts[u]!;
    if (unit.bullet && leader) {
      // A bullet under "… bitten die Bundesregierung" carries the lead verb and addressee.
      const pruef = /\b(?:zu\s+(?:über)?prüfen|Prüfung)\b/.test(unit.text);
      const kind: DemandKind = pruef && leader.kind === 'bitte' ? 'pruefbitte' : leader.kind;
      if (leader.wording.endsWith('…')) {
        leader.wording = `${leader.wording.slice(0, -1).trim()} ${unit.text}`;
        leader.kind = kind;
      } else {
        out.push({ ...leader, kind, wording: unit.text, cues: findCues(unit.text, ctx.conference) });
      }
      continue;
    }
    leader = null;
    // A bullet point starts afresh; a plain paragraph may continue the demand before it.
    if (unit.bullet) previous = null;
    const before = out.length;
    for (const sentence of splitSentences(unit.text)) {
      for (const clause of splitClauses(sentence)) {
        const trigger = findTrigger(clause, sentence);
        if (!trigger) {
          const need = needStatement(clause, previous, ziffer, ctx);
          if (need && need !== 'merged') {
            fromNeed.add(need);
            out.push(need);
            previous = need;
          }
          continue;
        }
        let addressees: string[];
        // Addressees stand near the verb; like the trigger, they are looked for in the clause's
        // head only, so a run-on clause costs no more than MAX_CLAUSE characters per lexicon scan.
        const head = clause.slice(0, MAX_CLAUSE);
        if (trigger.kind === 'selbstverpflichtung') addressees = ['LAENDER'];
        else {
          const rest = ctx.lexicon.find(head.slice(trigger.end));
          addressees = resolveCodes(addresseesOf(head, trigger, ctx), ctx);
          if (addressees.length === 0 && trigger.object === 'between') {
            // "fordert dazu auf, … Projekte des Bundes oder der Länder …": those named in the request.
            addressees = resolveCodes(
              rest.filter((m) => m.kind === 'federal' || m.code === 'LAENDER'),
              ctx,
            );
          }
          if (addressees.length === 0) {
            const named = resolveCodes(
              rest.filter((m) => m.kind === 'federal'),
              ctx,
            );
            // A passive without its subject ("wird darum gebeten") continues the demand before it.
            addressees = named.length ? named.slice(0, 1) : trigger.object === 'before' && previous ? [...previous.addressees] : ['BUND'];
          }
          // A ministry whose budget or programme the clause names is addressed along with the Bund.
          if (addressees.includes('BUND')) addressees = union(addressees, ministries(ctx.lexicon.find(head)));
        }
        if (
          previous &&
          fromNeed.has(previous) &&
          out[out.length - 1] === previous &&
          /\b(?:daran|dafür|hierfür|hierzu|dazu)\b/.test(clause)
        ) {
          // "… ist eine Ausstattung notwendig. Die IntMK bittet den Bund, sich daran zu beteiligen": one demand.
          previous.wording = `${previous.wording} ${clause}`;
          previous.kind = trigger.kind;
          previous.addressees = addressees;
          previous.cues = findCues(previous.wording, ctx.conference);
          fromNeed.delete(previous);
          continue;
        }
        const due =
          trigger.kind === 'auftrag' ? /\bfür\s+die\s+(\d{1,2})\.\s*(?:IntMK|Integrationsminister\S*konferenz)/.exec(clause) : null;
        const d: DetectedDemand = {
          ziffer,
          kind: trigger.kind,
          addressees,
          wording: clause,
          dueConference: due ? Number(due[1]) : null,
          cues: findCues(clause, ctx.conference),
        };
        out.push(d);
        previous = d;
      }
    }
    // A demand whose object is a list to follow: "… bitten die Bundesregierung" + bullets.
    const next = parts[u + 1];
    const lead = unit.text.trim();
    const openEnd = lead.endsWith(':') || (!/[.!?]["“”]?$/.test(lead) && openObject(lead));
    if (previous && out.length > before && next?.bullet && openEnd) {
      previous.wording = `${previous.wording} …`;
      leader = previous;
    }
  }
  for (const d of out) d.wording = d.wording.replace(/\s*…$/, '').trim();
  return out;
}
