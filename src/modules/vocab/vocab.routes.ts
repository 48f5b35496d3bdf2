import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ADOPTION_LABELS,
  ADOPTIONS,
  BODY_KINDS,
  CLOSED_STATUSES,
  DEMAND_KIND_LABELS,
  DEMAND_KINDS,
  EVIDENCE_KIND_LABELS,
  EVIDENCE_KINDS,
  LAND_CODES,
  STATUS_LABELS,
  STATUSES,
  THREAD_RELATION_LABELS,
  THREAD_RELATIONS,
} from '../../domain/vocab.js';
import { errorResponses, pageOf, pageOfList, pageOnlyQuery } from '../../shared/api.js';

const tags = ['Vokabular'];

const landSchema = z.object({ code: z.enum(LAND_CODES), name: z.string() }).meta({ id: 'Land' });
const bodySchema = z
  .object({
    code: z.string(),
    name: z.string(),
    kind: z.enum(BODY_KINDS),
    kindLabel: z.string(),
    created: z.iso.datetime(),
    modified: z.iso.datetime(),
  })
  .meta({ id: 'Addressee' });
const bodyCreateSchema = z
  .strictObject({
    code: z
      .string()
      .max(40)
      .regex(/^[A-Z][A-Z0-9-]{1,39}$/, 'Großbuchstaben, Ziffern und Bindestriche, 2–40 Zeichen'),
    name: z.string().trim().min(1).max(300),
    kind: z.enum(BODY_KINDS),
  })
  .meta({ id: 'AddresseeCreate' });
const labelled = <T extends readonly [string, ...string[]]>(keys: T, id: string) =>
  z.array(z.object({ key: z.enum(keys), label: z.string() })).meta({ id });
const statusListSchema = z.array(z.object({ key: z.enum(STATUSES), label: z.string(), closed: z.boolean() })).meta({ id: 'StatusList' });

export const vocabRoutes: FastifyPluginAsyncZod = async (app) => {
  const vocab = app.services.vocab;

  app.get('/vocab/laender', {
    config: { access: 'public' },
    schema: {
      tags,
      operationId: 'listLaender',
      summary: 'Die 16 Länder mit ihren Codes',
      querystring: pageOnlyQuery,
      response: { 200: pageOf(landSchema, 'LandPage'), ...errorResponses() },
    },
    handler: async (req) => pageOfList(vocab.laender(), req.query, req.url),
  });
  app.get('/vocab/addressees', {
    config: { access: 'public' },
    schema: {
      tags,
      operationId: 'listAddressees',
      summary: 'Adressaten (Bund, Ressorts, Fachministerkonferenzen, EU, Arbeitsgruppen …)',
      description:
        'Ohne Token: die Standardliste und die Adressaten, die öffentliche Inhalte nennen. Ein nur für interne Forderungen angelegter Adressat bleibt intern.',
      querystring: pageOnlyQuery,
      response: { 200: pageOf(bodySchema, 'AddresseePage'), ...errorResponses() },
    },
    handler: async (req) => pageOfList(vocab.bodies(req.view), req.query, req.url),
  });
  app.post('/vocab/addressees', {
    config: { access: 'curate', location: false },
    schema: {
      tags,
      operationId: 'createAddressee',
      summary: 'Adressaten hinzufügen',
      body: bodyCreateSchema,
      response: { 201: bodySchema, ...errorResponses(409, 415) },
    },
    handler: async (req, reply) =>
      reply
        .code(201)
        .send(req.audited({ action: 'addressees.create', entity: 'addressee', entityId: (r) => r.code }, () => vocab.createBody(req.body))),
  });
  app.get('/vocab/statuses', {
    config: { access: 'public' },
    schema: { tags, operationId: 'listStatuses', summary: 'Status mit deutschen Bezeichnungen', response: { 200: statusListSchema } },
    handler: async () => STATUSES.map((key) => ({ key, label: STATUS_LABELS[key], closed: CLOSED_STATUSES.includes(key) })),
  });
  app.get('/vocab/demand-kinds', {
    config: { access: 'public' },
    schema: {
      tags,
      operationId: 'listDemandKinds',
      summary: 'Arten von Forderungen',
      response: { 200: labelled(DEMAND_KINDS, 'DemandKindList') },
    },
    handler: async () => DEMAND_KINDS.map((key) => ({ key, label: DEMAND_KIND_LABELS[key] })),
  });
  app.get('/vocab/adoptions', {
    config: { access: 'public' },
    schema: {
      tags,
      operationId: 'listAdoptions',
      summary: 'Arten der Beschlussfassung',
      response: { 200: labelled(ADOPTIONS, 'AdoptionList') },
    },
    handler: async () => ADOPTIONS.map((key) => ({ key, label: ADOPTION_LABELS[key] })),
  });
  app.get('/vocab/evidence-kinds', {
    config: { access: 'public' },
    schema: {
      tags,
      operationId: 'listEvidenceKinds',
      summary: 'Arten von Belegen',
      response: { 200: labelled(EVIDENCE_KINDS, 'EvidenceKindList') },
    },
    handler: async () => EVIDENCE_KINDS.map((key) => ({ key, label: EVIDENCE_KIND_LABELS[key] })),
  });
  app.get('/vocab/thread-relations', {
    config: { access: 'public' },
    schema: {
      tags,
      operationId: 'listThreadRelations',
      summary: 'Beziehungen innerhalb eines Strangs',
      response: { 200: labelled(THREAD_RELATIONS, 'ThreadRelationList') },
    },
    handler: async () => THREAD_RELATIONS.map((key) => ({ key, label: THREAD_RELATION_LABELS[key] })),
  });
};
