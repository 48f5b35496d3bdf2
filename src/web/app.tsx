import type { ComponentChildren, JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import { OfficeAdminNavItems } from './components/office-admin';
import { noteNavigation, PageTitle } from './components/ui';
import { AccountPage, signOut } from './pages/account';
import { ConferencePage } from './pages/conference';
import { DemandPage } from './pages/demand';
import { DemandsPage } from './pages/demands';
import { ReplyFormPage, TasksPage } from './pages/editor/entry';
import { InvitationPage } from './pages/invitation';
import { OfficeNavEntry, officeRoutes } from './pages/office/routes';
import { ResolutionPage } from './pages/resolution';
import { SearchPage } from './pages/search';
import { SignInPage } from './pages/signin';
import { staffPage } from './pages/staff-entry';
import { StartPage } from './pages/start';
import { ThreadPage } from './pages/thread';
import { ThreadsPage } from './pages/threads';
import { installLinkInterception, type Location_, useLocation } from './router';
import { useSignedIn } from './session';

type Route = [RegExp, (m: string[], loc: Location_) => JSX.Element];

const ImportsPage = staffPage((m) => m.ImportsPage);
const ImportDraftPage = staffPage((m) => m.ImportDraftPage);
const CurationPage = staffPage((m) => m.CurationPage);
const ConferenceCurationPage = staffPage((m) => m.ConferenceCurationPage);
const ResolutionCurationPage = staffPage((m) => m.ResolutionCurationPage);
const DemandCurationPage = staffPage((m) => m.DemandCurationPage);
const ThreadCurationPage = staffPage((m) => m.ThreadCurationPage);
const AccountsPage = staffPage((m) => m.AccountsPage);
const AdminAccountPage = staffPage((m) => m.AdminAccountPage);
const AuditPage = staffPage((m) => m.AuditPage);
const VerificationPage = staffPage((m) => m.VerificationPage);

const routes: Route[] = [
  [/^\/$/, () => <StartPage />],
  [/^\/konferenzen\/(\d+)$/, (m) => <ConferencePage number={Number(m[1])} />],
  [/^\/konferenzen\/(\d+)\/top\/([^/]+)$/, (m) => <ResolutionPage conference={Number(m[1])} top={decodeURIComponent(m[2]!)} />],
  [/^\/forderungen$/, (_m, loc) => <DemandsPage query={loc.query} />],
  [/^\/forderungen\/(\d+)$/, (m) => <DemandPage id={Number(m[1])} />],
  [/^\/wiederkehrende-forderungen$/, (_m, loc) => <ThreadsPage query={loc.query} />],
  [/^\/wiederkehrende-forderungen\/(\d+)$/, (m) => <ThreadPage id={Number(m[1])} />],
  [/^\/suche$/, (_m, loc) => <SearchPage query={loc.query} />],
  [/^\/anmelden$/, (_m, loc) => <SignInPage query={loc.query} />],
  [/^\/einladung$/, () => <InvitationPage />],
  [/^\/konto$/, () => <AccountPage />],
  [/^\/buero\/import$/, (_m, loc) => <ImportsPage query={loc.query} />],
  [/^\/buero\/import\/(\d+)$/, (m, loc) => <ImportDraftPage id={Number(m[1])} query={loc.query} />],
  [/^\/buero\/pflege$/, () => <CurationPage />],
  [/^\/buero\/pflege\/konferenzen\/(\d+)$/, (m) => <ConferenceCurationPage number={Number(m[1])} />],
  [/^\/buero\/pflege\/beschluesse\/(\d+)$/, (m) => <ResolutionCurationPage id={Number(m[1])} />],
  [/^\/buero\/pflege\/forderungen\/(\d+)$/, (m) => <DemandCurationPage id={Number(m[1])} />],
  [/^\/buero\/pflege\/straenge\/(\d+)$/, (m) => <ThreadCurationPage id={Number(m[1])} />],
  [/^\/verwaltung$/, () => <AccountsPage />],
  [/^\/verwaltung\/konten\/(\d+)$/, (m) => <AdminAccountPage id={Number(m[1])} />],
  [/^\/verwaltung\/protokoll$/, (_m, loc) => <AuditPage query={loc.query} />],
  [/^\/verwaltung\/pruefung$/, () => <VerificationPage />],
  [/^\/aufgaben$/, (_m, loc) => <TasksPage query={loc.query} />],
  [/^\/aufgaben\/runden\/(\d+)\/formular$/, (m, loc) => <ReplyFormPage round={Number(m[1])} query={loc.query} />],
  ...officeRoutes,
];

function NotFound() {
  return (
    <>
      <PageTitle title="Seite nicht gefunden">Seite nicht gefunden</PageTitle>
      <p class="kern-body">
        Diese Adresse gibt es nicht. Zur{' '}
        <a class="kern-link" href="/">
          Startseite
        </a>
        .
      </p>
    </>
  );
}

const NAV: { href: string; label: string; match: RegExp }[] = [
  { href: '/', label: 'Konferenzen', match: /^\/(konferenzen.*)?$/ },
  { href: '/forderungen', label: 'Forderungen', match: /^\/forderungen/ },
  { href: '/wiederkehrende-forderungen', label: 'Wiederkehrende Forderungen', match: /^\/wiederkehrende-forderungen/ },
  { href: '/suche', label: 'Suche', match: /^\/suche/ },
];

function SessionNav({ path }: { path: string }) {
  if (useSignedIn()) {
    return (
      <ul class="ek-nav__session">
        <li>
          <a class="kern-link" href="/aufgaben" aria-current={path.startsWith('/aufgaben') ? 'page' : undefined}>
            Meine Aufgaben
          </a>
        </li>
        <li>
          <a class="kern-link" href="/konto" aria-current={path === '/konto' ? 'page' : undefined}>
            Mein Konto
          </a>
        </li>
        <li>
          <button type="button" class="kern-btn kern-btn--tertiary kern-btn--x-small" onClick={() => void signOut()}>
            <span class="kern-label">Abmelden</span>
          </button>
        </li>
      </ul>
    );
  }
  return (
    <ul class="ek-nav__session">
      <li>
        <a
          class="kern-link"
          href={path === '/' || path.startsWith('/anmelden') ? '/anmelden' : `/anmelden?weiter=${encodeURIComponent(path)}`}
        >
          Anmelden
        </a>
      </li>
    </ul>
  );
}

function Layout({ path, children }: { path: string; children: ComponentChildren }) {
  return (
    <>
      <a class="ek-skip kern-link" href="#inhalt" data-reload>
        Zum Inhalt springen
      </a>
      <header class="ek-header">
        <div class="kern-container">
          <p class="ek-brand">
            <a href="/" class="ek-brand__link">
              Erfolgskontrolle <span class="ek-brand__sub">Integrationsministerkonferenz</span>
            </a>
          </p>
          <nav aria-label="Hauptnavigation" class="ek-nav">
            <ul>
              {NAV.map((n) => (
                <li key={n.href}>
                  <a class="kern-link" href={n.href} aria-current={n.match.test(path) ? 'page' : undefined}>
                    {n.label}
                  </a>
                </li>
              ))}
              <OfficeAdminNavItems path={path} />
              <OfficeNavEntry path={path} />
            </ul>
            <SessionNav path={path} />
          </nav>
        </div>
      </header>
      <main id="inhalt" class="kern-container ek-main" tabIndex={-1}>
        {children}
      </main>
      <footer class="ek-footer">
        <div class="kern-container">
          <p class="kern-body kern-body--small">
            Öffentliche Daten aus den Niederschriften der IntMK.{' '}
            <a class="kern-link" href="/docs" data-reload>
              Programmierschnittstelle (API)
            </a>
          </p>
        </div>
      </footer>
    </>
  );
}

export function App() {
  const loc = useLocation();
  useEffect(() => {
    installLinkInterception();
    const onPop = () => noteNavigation();
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  let page: JSX.Element = <NotFound />;
  for (const [re, render] of routes) {
    const m = re.exec(loc.path);
    if (m) {
      page = render(m as unknown as string[], loc);
      break;
    }
  }
  return <Layout path={loc.path}>{page}</Layout>;
}
