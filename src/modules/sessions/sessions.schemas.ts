import { z } from 'zod';
import { userCreateSchema, userSchema } from '../auth/users.schemas.js';

export const signInSchema = z
  .strictObject({
    email: z.string().trim().min(3).max(254).describe('E-Mail-Adresse des Kontos'),
    password: z.string().min(1).max(1024),
  })
  .meta({ id: 'SignIn' });

export const sessionSchema = z
  .object({
    userId: z.int(),
    name: z.string(),
    role: z.enum(['admin', 'chair', 'editor', 'reader']),
    csrfToken: z.string().describe('Für jede schreibende Anfrage im Kopf `X-CSRF-Token` mitsenden (steht auch im Cookie `ek_csrf`)'),
    expires: z.string().describe('Spätestes Ende der Sitzung; ohne Anfrage endet sie nach 4 Stunden'),
  })
  .meta({ id: 'Session' });

export const invitationTokenSchema = z.strictObject({ token: z.string().min(20).max(200) }).meta({ id: 'InvitationToken' });

export const invitationAcceptSchema = z
  .strictObject({ token: z.string().min(20).max(200), password: z.string().min(1).max(1024) })
  .meta({ id: 'InvitationAccept' });

export const invitationInfoSchema = z.object({ name: z.string(), email: z.string(), expires: z.string() }).meta({ id: 'InvitationInfo' });

export const issuedInvitationSchema = z
  .object({
    id: z.int(),
    userId: z.int(),
    token: z.string().describe('Nur dieses eine Mal gezeigt'),
    path: z.string().describe('Pfad der Seite zum Setzen des Passworts, mit dem Token im Fragment (wird nicht an den Server gesendet)'),
    expires: z.string(),
  })
  .meta({ id: 'IssuedInvitation' });

export const passwordChangeSchema = z
  .strictObject({ currentPassword: z.string().min(1).max(1024), newPassword: z.string().min(1).max(1024) })
  .meta({ id: 'PasswordChange' });

export const revokedSessionsSchema = z.object({ revoked: z.int().describe('Beendete Sitzungen') }).meta({ id: 'RevokedSessions' });

export const accountInvitationSchema = userCreateSchema
  .omit({ tokenLabel: true, tokenDays: true })
  .extend({ email: z.email().max(320).describe('Mit dieser Adresse meldet sich die Person an') })
  .meta({ id: 'AccountInvitation' });

export const invitedAccountSchema = z.object({ user: userSchema, invitation: issuedInvitationSchema }).meta({ id: 'InvitedAccount' });
