// The errors of demands: each code and its German sentence written once.
import { notFound } from '../../shared/errors.js';

export const demandNotFound = (id: number) => notFound('demands.not_found', `Die Forderung ${id} ist nicht erfasst.`);
