// A typed client for the API, generated from openapi/openapi.json (`npm run client:generate`).
import createClient, { type ClientOptions } from 'openapi-fetch';
import type { components, paths } from './schema.js';

export type Schemas = components['schemas'];
export function createErfolgskontrolleClient(options: ClientOptions) {
  return createClient<paths>(options);
}
