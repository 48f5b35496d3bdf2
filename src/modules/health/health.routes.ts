import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

const healthSchema = z.object({ status: z.literal('ok'), database: z.literal('ok'), time: z.iso.datetime() }).meta({ id: 'Health' });

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/health', {
    config: { access: 'public' },
    schema: {
      tags: ['Betrieb'],
      operationId: 'getHealth',
      summary: 'Zustand des Dienstes',
      response: { 200: healthSchema },
    },
    handler: async () => {
      app.services.search.ping();
      return { status: 'ok' as const, database: 'ok' as const, time: new Date().toISOString() };
    },
  });
};
