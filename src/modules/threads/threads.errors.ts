// The errors of threads: each code and its German sentence written once.
import { notFound } from '../../shared/errors.js';

export const threadNotFound = (id: number) => notFound('threads.not_found', `Der Strang ${id} ist nicht erfasst.`);
export const threadMemberNotFound = (threadId: number, demandId: number) =>
  notFound('threads.member_not_found', `Die Forderung ${demandId} gehört nicht zum Strang ${threadId}.`);
