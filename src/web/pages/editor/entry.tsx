// The editor's parts as the rest of the application sees them: loaded on first use (lazy.tsx).
import { lazy } from '../../components/lazy';
import { useSignedIn } from '../../session';

export const TasksPage = lazy(() => import('./tasks').then((m) => m.TasksPage), 'Aufgaben');
export const ReplyFormPage = lazy(() => import('./reply-form').then((m) => m.ReplyFormPage), 'Antwortformular');

const Section = lazy(() => import('./sachstand').then((m) => m.SachstandSection), null);

/** The demand page's Sachstand part: its code is fetched only for signed-in people. */
export function SachstandEntry(props: { demandId: number; addressees: { code: string; name: string }[] }) {
  return useSignedIn() ? <Section {...props} /> : null;
}
