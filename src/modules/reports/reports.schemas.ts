import { z } from 'zod';
import { ASSESSMENTS, type Assessment } from '../../domain/assessment.js';
import { DEMAND_KINDS, NOTE_KINDS, STATUSES } from '../../domain/vocab.js';
import { VIEWS, type View } from '../../visibility/index.js';

export const REPORT_FORMATS = ['json', 'html', 'md', 'docx', 'pdf', 'csv', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** A report's audience is a view of the record (src/visibility): the same two, the same rule. */
export const AUDIENCES = VIEWS;
export type Audience = View;

export const reportParams = z.strictObject({
  number: z.coerce.number().int().positive().max(10_000).describe('Number of the conference whose resolutions are reported on'),
});

export const reportQuery = z.strictObject({
  format: z.enum(REPORT_FORMATS).optional().describe('Output format; overrides the Accept header'),
  asOf: z.iso
    .date()
    .max(10)
    .optional()
    .describe(
      'Stichtag: only status updates dated on or before it count (default: today, or, once the conference the report is presented to has begun, the day before it). The same Stichtag gives the same report.',
    ),
  since: z.iso
    .date()
    .max(10)
    .optional()
    .describe(
      'What counts as changed since the last report: updates dated after this day (default: the last day of the reported conference, when the last report was presented, or the Stichtag if earlier)',
    ),
  top: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z][0-9A-Za-z.]{0,19}$/, 'eine TOP-Nummer wie 1.3')
    .optional()
    .describe(
      "TOP of the presenting conference's agenda under which the annex is presented (e.g. `1.3`): the title becomes „Anlage zu TOP 1.3 der 21. IntMK“. Default: the TOP of that conference titled Erfolgskontrolle, when its agenda is in the record",
    ),
  audience: z
    .enum(AUDIENCES)
    .default('public')
    .describe(
      '`public` leaves out everything internal, including from counts and charts; `internal` shows all and needs a token (401 without)',
    ),
});
export type ReportQuery = z.infer<typeof reportQuery>;
export interface ReportOptions {
  asOf?: string | undefined;
  top?: string | undefined;
  since?: string | undefined;
  audience: Audience;
}

const status = z.enum(STATUSES);
const codeName = z.object({ code: z.string(), name: z.string() }).meta({ id: 'ReportCodeName' });

const reportConference = z
  .object({
    number: z.int(),
    year: z.int(),
    title: z.string().describe('e.g. "20. IntMK 2025"'),
    place: z.string().nullable(),
    startDate: z.iso.date().nullable(),
    endDate: z.iso.date().nullable(),
    chair: codeName.nullable(),
  })
  .meta({ id: 'ReportConference' });

const evidence = z
  .object({ kind: z.string(), kindLabel: z.string(), citation: z.string(), date: z.iso.date().nullable(), url: z.string().nullable() })
  .meta({ id: 'ReportEvidence' });

const addresseeStatus = z
  .object({
    code: z.string(),
    name: z.string(),
    status,
    statusLabel: z.string(),
    asOf: z.iso.date().nullable().describe("Date of the update that sets this addressee's status; null while it is open without one"),
    source: z
      .string()
      .nullable()
      .describe("Where that update's answer comes from: its first source (citation), else who reported it; null without an update"),
  })
  .meta({ id: 'ReportAddresseeStatus' });
const statusByAddressee = z
  .array(addresseeStatus)
  .describe(
    'The status per addressee at the Stichtag (an update for all addressees counts for each); `status` is derived from them by the written rule of src/domain/status.ts',
  );

const lastUpdate = z
  .object({
    id: z.int(),
    asOf: z.iso.date(),
    reporter: z.string(),
    reporterName: z.string(),
    narrative: z.string(),
    evidence: z.array(evidence),
    internal: z.boolean().describe('Internal audience only: true for a Sachstand the public does not see (marked „nur intern“)'),
  })
  .meta({ id: 'ReportUpdate' });

const reportDemand = z
  .object({
    id: z.int(),
    ziffer: z.string().nullable(),
    kind: z.enum(DEMAND_KINDS),
    kindLabel: z.string(),
    addressees: z.array(codeName),
    summary: z.string(),
    wording: z.string(),
    status,
    statusLabel: z.string(),
    statusAsOf: z.iso.date().nullable(),
    dueDate: z.iso.date().nullable().describe('The date the text sets for the demand, when it sets one'),
    dueNote: z
      .string()
      .nullable()
      .describe('Set when that date passed before the Stichtag while the demand is not done: the office checks whether it is overtaken'),
    statusByAddressee,
    update: lastUpdate.nullable().describe('The update that sets the status at the Stichtag: Sachstand, evidence, who reported it'),
    changedSinceLastReport: z.boolean(),
    responsible: z.array(codeName).describe('Who follows the demand up (Land or working group)'),
    thread: z.object({ id: z.int(), title: z.string() }).nullable(),
    internal: z
      .boolean()
      .describe(
        'Internal audience only: true for a demand the public does not see (internal itself, or of an internal or rejected resolution)',
      ),
  })
  .meta({ id: 'ReportDemand' });
export type ReportDemand = z.infer<typeof reportDemand>;

const reportResolution = z
  .object({
    id: z.int(),
    top: z.string(),
    title: z.string(),
    agendaHeading: z.string().nullable(),
    greenList: z.string().nullable(),
    proposers: z.string().nullable().describe('e.g. "Alle Länder" or "BE, HB, HH (koordinierend: HB)"; null when the text names none'),
    adoption: z.string().describe('German label of the adoption'),
    vote: z
      .string()
      .nullable()
      .describe(
        'Internal audience only: the Länder\'s votes, e.g. "14 Ja, 1 Nein (BY), 1 Enthaltung (SN)"; null when none are recorded and always for the public',
      ),
    budgetReservation: z.string().nullable(),
    notes: z
      .array(
        z
          .object({
            kind: z.enum(NOTE_KINDS),
            kindLabel: z.string(),
            lands: z.string().describe('The Länder who made it, by name'),
            ziffer: z.string().nullable(),
            text: z.string(),
          })
          .meta({ id: 'ReportNote' }),
      )
      .describe('Protokollnotizen and Protokollerklärungen of the resolution (those the audience may see)'),
    internal: z
      .boolean()
      .describe('Internal audience only: true for a resolution the public does not see (internal, rejected or withdrawn)'),
    demands: z.array(reportDemand),
  })
  .meta({ id: 'ReportResolution' });
export type ReportResolution = z.infer<typeof reportResolution>;

const shares = z
  .object({
    fulfilled: z.int().describe('erfüllt or report delivered'),
    partly: z.int().describe('teilweise or überwiegend erfüllt'),
    open: z.int().describe('offen, in Prüfung, in Umsetzung, erneut gefordert'),
    closedOtherwise: z.int().describe('abgelehnt or gegenstandslos'),
  })
  .meta({ id: 'ReportShares' });

const assessmentCounts = z
  .object(Object.fromEntries(ASSESSMENTS.map((a) => [a, z.int()])) as Record<Assessment, z.ZodInt>)
  .meta({ id: 'ReportAssessmentCounts' });

const statusCount = z.object({ status, label: z.string(), count: z.int() }).meta({ id: 'ReportStatusCount' });

const reportThread = z
  .object({
    id: z.int(),
    title: z.string(),
    firstRaised: z.int().describe('Year first raised'),
    origin: z.string().nullable(),
    status,
    statusLabel: z.string(),
    yearsOpen: z.int().nullable().describe('Null once closed'),
    repetitions: z.array(
      z
        .object({
          conference: z.int(),
          year: z.int(),
          top: z.string(),
          ziffer: z.string().nullable(),
          relationLabel: z.string(),
          summary: z.string(),
          status,
          statusLabel: z.string(),
        })
        .meta({ id: 'ReportRepetition' }),
    ),
  })
  .meta({ id: 'ReportThread' });
export type ReportThread = z.infer<typeof reportThread>;

const demandRef = z
  .object({
    id: z.int(),
    conference: z.int(),
    top: z.string(),
    ziffer: z.string().nullable(),
    summary: z.string(),
    addressees: z.array(codeName),
    status,
    statusLabel: z.string(),
    statusByAddressee,
    lastUpdateAsOf: z.iso.date().nullable(),
  })
  .meta({ id: 'ReportDemandRef' });
export type ReportDemandRef = z.infer<typeof demandRef>;

export const reportSchema = z
  .object({
    title: z.string().describe('"Erfolgskontrolle der 20. IntMK"'),
    subtitle: z.string().describe('"vorgelegt zur 21. IntMK"'),
    conference: reportConference,
    presentedTo: reportConference.nullable().describe('The conference the report is presented to, when recorded'),
    presentedUnderTop: z
      .string()
      .nullable()
      .describe(
        'TOP of the presenting conference under which the annex is presented (query `top`, else from its recorded agenda); null: not known',
      ),
    chair: codeName.nullable().describe('Chair presenting the report (chair of the next conference)'),
    asOf: z.iso.date(),
    since: z.iso.date(),
    audience: z.enum(AUDIENCES),
    generated: z.iso.datetime(),
    summary: z.object({
      resolutions: z.int(),
      demands: z.int(),
      byStatus: z.array(statusCount).describe('Every status, in the order of the vocabulary'),
      byAddressee: z.array(
        z
          .object({ code: z.string(), name: z.string(), total: z.int(), byStatus: z.array(statusCount), shares })
          .meta({ id: 'ReportAddresseeCount' }),
      ),
      shares: shares.describe('Counts of the four groups; they add up to `demands`'),
      oldestOpenThreads: z.array(
        reportThread.pick({ id: true, title: true, firstRaised: true, yearsOpen: true, status: true, statusLabel: true }),
      ),
    }),
    resolutions: z.array(reportResolution),
    threads: z.array(reportThread).describe('Recurring demands touched by this conference'),
    changes: z
      .array(
        z
          .object({
            demand: demandRef,
            before: z.object({ status, statusLabel: z.string() }),
            after: z.object({ status, statusLabel: z.string() }),
            update: lastUpdate,
          })
          .meta({ id: 'ReportChange' }),
      )
      .describe('Demands whose status was reported after `since`, newest first'),
    replyDeadline: z.iso.date().nullable().describe("Reply deadline of the conference's reporting round; null without a round"),
    missing: z
      .array(
        z
          .object({
            responsible: codeName,
            lastReported: z.iso
              .date()
              .nullable()
              .describe(
                'Stichtag of the latest Sachstand this Land or group had released in any round (up to the Stichtag); null: none yet',
              ),
            demands: z.array(
              demandRef.extend({ lead: z.boolean().describe('The group leads (federführend) on this demand in the round') }),
            ),
          })
          .meta({ id: 'ReportMissingGroup' }),
      )
      .describe(
        'Who must still answer: with a reporting round for the conference, its assigned groups without a released Sachstand on an open demand in scope; without one, open demands of this conference without an update in this cycle, by who follows them up',
      ),
    earlierOpen: z
      .array(demandRef)
      .describe('Open demands of earlier conferences still followed: in a thread touched by this conference, or reported on in this cycle'),
    progress: z
      .object({
        previousAsOf: z.iso
          .date()
          .describe('Stichtag of the previous annex by the same rule: the day before the reported conference began'),
        conferences: z
          .array(
            z
              .object({
                number: z.int(),
                year: z.int(),
                demands: z.int(),
                answered: z.int().describe('Demands with a Sachstand at the Stichtag'),
                now: assessmentCounts,
                before: assessmentCounts.nullable().describe("At the previous annex's Stichtag; null for the reported conference"),
              })
              .meta({ id: 'ReportProgressConference' }),
          )
          .describe('The reported conference and up to two before it that have demands, oldest first'),
        byAddressee: z
          .array(
            z
              .object({
                code: z.string(),
                name: z.string(),
                conferences: z.array(z.object({ number: z.int(), demands: z.int(), answered: z.int(), done: z.int() })),
              })
              .meta({ id: 'ReportProgressAddressee' }),
          )
          .describe(
            'The addressees with the most demands in those conferences (Bund and Bundesregierung as one): per conference, demands, answered and erledigt',
          ),
      })
      .describe("Progress over time: the Bewertung of the last conferences' demands now and at the previous annex, and per addressee"),
    objections: z
      .array(
        z
          .object({
            id: z.int(),
            round: z.int().describe('The reporting round whose released Sachstand is objected to'),
            demand: demandRef,
            statusUpdateId: z.int().describe('The objected Sachstand'),
            statusUpdateAsOf: z.iso.date(),
            land: codeName.describe('The Land that objected'),
            reason: z.string(),
            raised: z.iso.date().describe('The day the objection was raised'),
          })
          .meta({ id: 'ReportObjection' }),
      )
      .describe(
        'Internal audience only (always empty for the public): objections (Beanstandungen) to Sachstände of the demands in this report, raised by the Stichtag and not decided by then, oldest first',
      ),
  })
  .meta({ id: 'Erfolgskontrolle' });
export type Report = z.infer<typeof reportSchema>;
