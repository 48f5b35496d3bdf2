// The office's routes under /buero (issue #16 part 1); every page behind the chair/admin guard.
import type { JSX } from 'preact';
import type { Location_ } from '../../router';
import { useSession } from '../../session';
import { staffPage } from '../staff-entry';
import { OFFICE_ROLES, OfficeGuard } from './shared';

type Route = [RegExp, (m: string[], loc: Location_) => JSX.Element];

const OfficeStartPage = staffPage((m) => m.OfficeStartPage);
const OpenRoundPage = staffPage((m) => m.OpenRoundPage);
const CockpitPage = staffPage((m) => m.CockpitPage);
const AssignPage = staffPage((m) => m.AssignPage);
const GroupItemsPage = staffPage((m) => m.GroupItemsPage);
const ReviewPage = staffPage((m) => m.ReviewPage);
const ReleasePage = staffPage((m) => m.ReleasePage);
const AnnexPage = staffPage((m) => m.AnnexPage);

const guarded =
  (page: (m: string[], loc: Location_) => JSX.Element) =>
  (m: string[], loc: Location_): JSX.Element => (
    <OfficeGuard path={loc.path + (loc.query.size ? `?${loc.query}` : '')}>{() => page(m, loc)}</OfficeGuard>
  );

export const officeRoutes: Route[] = [
  [/^\/buero$/, guarded(() => <OfficeStartPage />)],
  [/^\/buero\/runden\/neu$/, guarded(() => <OpenRoundPage />)],
  [/^\/buero\/runden\/(\d+)$/, guarded((m, loc) => <CockpitPage id={Number(m[1])} query={loc.query} />)],
  [/^\/buero\/runden\/(\d+)\/zuweisen$/, guarded((m) => <AssignPage id={Number(m[1])} />)],
  [
    /^\/buero\/runden\/(\d+)\/stellen\/([^/]+)$/,
    guarded((m, loc) => <GroupItemsPage id={Number(m[1])} code={decodeURIComponent(m[2] as string)} query={loc.query} />),
  ],
  [/^\/buero\/pruefung$/, guarded((_m, loc) => <ReviewPage query={loc.query} />)],
  [/^\/buero\/freigabe$/, guarded((_m, loc) => <ReleasePage query={loc.query} />)],
  [/^\/buero\/anlage$/, guarded((_m, loc) => <AnnexPage query={loc.query} />)],
];

/** The "Büro" entry of the main navigation: only for the chair and the office. */
export function OfficeNavEntry({ path }: { path: string }) {
  const session = useSession();
  if (session.state !== 'signed-in' || !(OFFICE_ROLES as readonly string[]).includes(session.me.role)) return null;
  return (
    <li>
      <a class="kern-link" href="/buero" aria-current={/^\/buero(\/|$)/.test(path) ? 'page' : undefined}>
        Büro
      </a>
    </li>
  );
}
