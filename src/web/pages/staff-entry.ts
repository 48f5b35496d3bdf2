// One page of the staff chunk (./staff.ts), loaded on first use.
import type { ComponentType } from 'preact';
import { lazy } from '../components/lazy';

type Staff = typeof import('./staff');

export function staffPage<P extends object>(pick: (m: Staff) => ComponentType<P>): ComponentType<P> {
  return lazy(() => import('./staff').then(pick), 'Seite');
}
