import { z } from 'zod';
import { LAND_CODES } from '../../domain/vocab.js';
import { ROLES } from './access.js';

const code = z.string().min(1).max(64);

export const tokenSchema = z
  .object({
    id: z.int(),
    publicId: z.string().describe('Öffentlicher Teil des Tokens (nach `ek_`); das Geheimnis wird nie gespeichert'),
    label: z.string().nullable(),
    expires: z.iso.datetime(),
    revoked: z.iso.datetime().nullable(),
    lastUsed: z.iso.datetime().nullable().describe('Letzte Verwendung (tagesgenau)'),
    created: z.iso.datetime(),
    active: z.boolean(),
  })
  .meta({ id: 'ApiToken' });

export const userSchema = z
  .object({
    id: z.int(),
    name: z.string(),
    email: z.string().nullable(),
    role: z.enum(ROLES),
    lands: z.array(z.enum(LAND_CODES)),
    bodies: z.array(z.string()),
    active: z.boolean(),
    tokens: z.array(tokenSchema),
    created: z.iso.datetime(),
    modified: z.iso.datetime(),
  })
  .meta({ id: 'User' });

const tokenOptions = {
  tokenLabel: z.string().trim().min(1).max(200).nullable().optional().describe('Bezeichnung des Tokens, z. B. „Fachverfahren HE“'),
  tokenDays: z.int().min(1).max(3650).optional().describe('Gültigkeit in Tagen (Standard 365)'),
};

export const userCreateSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    email: z.email().max(320).nullable().optional(),
    role: z.enum(ROLES),
    lands: z.array(z.enum(LAND_CODES)).max(16).default([]).describe('Nur für editor: Länder, für die das Konto handelt'),
    bodies: z.array(code).max(50).default([]).describe('Nur für editor: Arbeitsgruppen (Codes aus /vocab/addressees)'),
    ...tokenOptions,
  })
  .meta({ id: 'UserCreate' });

export const userPatchSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    email: z.email().max(320).nullable().optional(),
    role: z.enum(ROLES).optional(),
    lands: z.array(z.enum(LAND_CODES)).max(16).optional(),
    bodies: z.array(code).max(50).optional(),
    active: z.boolean().optional().describe('false deaktiviert das Konto: seine Token gelten nicht mehr'),
  })
  .meta({ id: 'UserPatch' });

export const tokenCreateSchema = z
  .strictObject({ label: tokenOptions.tokenLabel, days: tokenOptions.tokenDays })
  .meta({ id: 'TokenCreate' });

export const issuedTokenSchema = z
  .object({
    token: z.string().describe('Das Token – nur in dieser Antwort sichtbar; danach nicht wiederherstellbar'),
    tokenInfo: tokenSchema,
    user: userSchema,
  })
  .meta({ id: 'IssuedToken' });

export const meSchema = z
  .object({
    id: z.int(),
    name: z.string(),
    role: z.enum(ROLES),
    roleLabel: z.string(),
    lands: z.array(z.enum(LAND_CODES)),
    bodies: z.array(z.string()),
    tokenId: z.int().nullable().describe('Das Token dieser Anfrage; null bei Anmeldung im Browser (Sitzung)'),
    sessionId: z.int().nullable().describe('Die Sitzung dieser Anfrage (Web-Anwendung); null mit Token'),
    hasPassword: z.boolean().describe('Ob das Konto ein Passwort für die Anmeldung im Browser hat'),
    tokens: z.array(tokenSchema).describe('Alle Token des Kontos (ohne Geheimnis), auch widerrufene und abgelaufene'),
  })
  .meta({ id: 'Me' });

export const ownTokenParams = z.object({ tokenId: z.coerce.number().int().positive() });

export const tokenParams = z.object({ id: z.coerce.number().int().positive(), tokenId: z.coerce.number().int().positive() });
