// The errors of resolutions: each code and its German sentence written once.
import { notFound } from '../../shared/errors.js';

export const resolutionNotFound = (id: number) => notFound('resolutions.not_found', `Der Beschluss ${id} ist nicht erfasst.`);
export const resolutionNotFoundByTop = (conference: number, top: string) =>
  notFound('resolutions.not_found', `Die ${conference}. IntMK hat keinen Beschluss unter TOP ${top}.`);
