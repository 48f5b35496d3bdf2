// The errors of conferences: each code and its German sentence written once.
import { conflict, notFound } from '../../shared/errors.js';

export const conferenceNotFound = (number: number) => notFound('conferences.not_found', `Die ${number}. IntMK ist nicht erfasst.`);
export const conferenceDuplicate = (number: number) => conflict('conferences.duplicate', `Die ${number}. IntMK ist bereits erfasst.`);
