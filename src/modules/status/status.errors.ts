// The errors of status updates: each code and its German sentence written once.
import { conflict, notFound } from '../../shared/errors.js';

export const statusUpdateNotFound = (id: number) => notFound('status_updates.not_found', `Der Sachstand ${id} ist nicht erfasst.`);
export const statusUpdateAlreadyRetracted = (id: number) =>
  conflict('status_updates.already_retracted', `Der Sachstand ${id} ist bereits zurückgezogen.`);
