// The audit trail's API shapes; the service's types are inferred from them.
import { z } from 'zod';
import { pageQuery } from '../../shared/api.js';

export const entrySchema = z
  .object({
    id: z.int(),
    at: z.iso.datetime(),
    userId: z.int().nullable().describe('Konto, das geschrieben hat; null bei Vorgängen ohne Konto (Einspielen, Kommandozeile)'),
    actor: z.string(),
    requestId: z.string().nullable().describe('Die vom Server vergebene, eindeutige Request-ID'),
    clientRequestId: z.string().nullable().describe('Die X-Request-Id, die der Client mitschickte (nicht eindeutig, nur zur Zuordnung)'),
    action: z.string().describe('z. B. `demands.update`'),
    entity: z.string(),
    entityId: z.string().nullable(),
    before: z.unknown().describe('Darstellung vor der Änderung (null beim Anlegen)'),
    after: z.unknown().describe('Darstellung nach der Änderung (null beim Löschen)'),
    prevHash: z.string(),
    hash: z.string().describe('SHA-256 über prevHash und die Felder dieses Eintrags'),
  })
  .meta({ id: 'AuditEntry' });

export const auditQuery = z.strictObject({
  user: z.coerce.number().int().positive().optional().describe('Konto-ID'),
  entity: z.string().max(64).optional().describe('Art des Eintrags, z. B. `demand`'),
  entityId: z.string().max(64).optional(),
  action: z.string().max(64).optional(),
  requestId: z.string().max(128).optional().describe('Request-ID der schreibenden Anfrage (Kopf `x-request-id` ihrer Antwort)'),
  clientRequestId: z.string().max(128).optional().describe('Die X-Request-Id, die der Client mit der schreibenden Anfrage schickte'),
  from: z.iso.datetime({ offset: true }).optional().describe('Ab diesem Zeitpunkt'),
  to: z.iso.datetime({ offset: true }).optional().describe('Bis zu diesem Zeitpunkt'),
  limit: pageQuery.limit,
  offset: pageQuery.offset,
});

export const anchorSchema = z
  .object({ id: z.int(), hash: z.string() })
  .meta({ id: 'AuditAnchor', description: 'Ein Eintrag der Kette, benannt durch ID und Hash' });

export const verifySchema = z
  .object({
    ok: z.boolean(),
    records: z.int().describe('Geprüfte Einträge'),
    brokenAt: z.int().nullable().describe('Erster Eintrag, der nicht zur Kette passt (oder der fehlende Anker)'),
    reason: z.string().nullable(),
    head: anchorSchema
      .nullable()
      .describe(
        'Letzter Eintrag, der zur Kette passt. Außerhalb der Datenbank aufbewahrt, zeigt er bei einer späteren Prüfung mit `anchor`, ob am Ende Einträge entfernt wurden.',
      ),
    anchor: z.string().nullable().describe('Der geprüfte Anker als `<id>:<hash>`, falls angegeben'),
  })
  .meta({ id: 'AuditVerification' });

export const verifyQuery = z.strictObject({
  anchor: z
    .string()
    .max(100)
    .optional()
    .describe('`<id>:<hash>` aus einer früheren Prüfung (`head`): dieser Eintrag muss unverändert in der Kette stehen'),
});

export type AuditEntryDto = z.infer<typeof entrySchema>;
export type AuditQuery = z.infer<typeof auditQuery>;
/** A record of the chain named by id and hash, e.g. the head of an earlier verification. */
export type AuditAnchor = z.infer<typeof anchorSchema>;
/** The service's result; the route adds the anchor it checked. */
export type AuditVerification = Omit<z.infer<typeof verifySchema>, 'anchor'>;
