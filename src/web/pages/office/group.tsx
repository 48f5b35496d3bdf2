// /buero/runden/:id/stellen/:code – the items behind a figure of the progress matrix: what a Land
// or working group was assigned and how far each answer is (`-`: the items nobody is assigned).
import { api, call, type Outcome, type Schemas } from '../../api';
import { Breadcrumbs, Empty, Loaded, Pager, PageTitle, useLoad } from '../../components/ui';
import { href, type Location_ } from '../../router';
import { COLUMNS } from './cockpit';
import { demandLabel, failed, OfficeNav, type Round } from './shared';

type Item = Schemas['RoundItem'];
type DraftState = Item['drafts'][number]['state'];

const LIMIT = 200;
const RANK: Record<DraftState, number> = { draft: 1, returned: 2, submitted: 3, accepted: 4, released: 5 };
const STATE_LABELS: Record<DraftState, string> = {
  draft: 'Entwurf',
  returned: 'zurückgegeben',
  submitted: 'eingereicht',
  accepted: 'angenommen',
  released: 'freigegeben',
};

/** The group's furthest draft on the item, as the progress matrix counts it; null: not started. */
function stateOf(item: Item, code: string): DraftState | null {
  let best: DraftState | null = null;
  for (const d of item.drafts) if (d.group === code && (best === null || RANK[d.state] > RANK[best])) best = d.state;
  return best;
}

function matches(state: DraftState | null, stand: string): boolean {
  if (!stand) return true;
  if (stand === 'offen') return state === null;
  if (stand === 'fehlend') return state === null || state === 'draft' || state === 'returned';
  return state === stand;
}

export function GroupItemsPage({ id, code, query }: { id: number; code: string; query: Location_['query'] }) {
  const unassigned = code === '-';
  const stand = query.get('stand') ?? '';
  const offset = Number(query.get('offset') ?? 0) || 0;
  const [load, retry] = useLoad(async (): Promise<Outcome<{ round: Round; items: Schemas['RoundItemPage'] }>> => {
    const [r, i] = await Promise.all([
      call(api.GET('/api/v1/rounds/{id}', { params: { path: { id } } })),
      call(
        api.GET('/api/v1/rounds/{id}/items', {
          params: { path: { id }, query: { limit: LIMIT, offset, ...(unassigned ? { unassigned: true } : { group: code }) } },
        }),
      ),
    ]);
    if (!r.ok) return failed(r);
    if (!i.ok) return failed(i);
    return { ok: true, data: { round: r.data, items: i.data }, response: i.response };
  }, [id, code, offset]);
  const groupName = (items: Item[]) =>
    unassigned ? 'Ohne Zuweisung' : (items.flatMap((i) => i.assignments).find((a) => a.code === code)?.name ?? code);
  const standLabel = COLUMNS.find((c) => c.stand === stand && c.stand)?.label;
  return (
    <Loaded load={load} retry={retry} what="Forderungen">
      {({ round, items }) => {
        const name = groupName(items.items);
        const shown = unassigned ? items.items : items.items.filter((i) => matches(stateOf(i, code), stand));
        const title = `${name}${standLabel ? ` – ${standLabel}` : ''}`;
        return (
          <>
            <Breadcrumbs
              items={[
                { href: '/buero', label: 'Büro' },
                { href: `/buero/runden/${round.id}`, label: `Berichtsrunde ${round.id}` },
                { label: name },
              ]}
            />
            <PageTitle title={`${title} (Runde ${round.id})`}>{title}</PageTitle>
            <OfficeNav current="runde" round={round.id} />
            {!unassigned ? (
              <nav aria-label="Nach Stand filtern" class="ek-inline-filter">
                <ul class="ek-queue">
                  {[{ stand: '', label: 'alle' }, ...COLUMNS.filter((c) => c.stand && c.key !== 'overdue')].map((c) => (
                    <li key={c.stand}>
                      <a
                        class="kern-link"
                        href={href(`/buero/runden/${round.id}/stellen/${encodeURIComponent(code)}`, { stand: c.stand })}
                        aria-current={c.stand === stand ? 'true' : undefined}
                      >
                        {c.label}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
            ) : null}
            {shown.length === 0 ? (
              <Empty>Keine Forderung in diesem Stand.</Empty>
            ) : (
              <>
                <h2 class="kern-heading-medium" id="liste">
                  {shown.length === 1 ? '1 Forderung' : `${shown.length} Forderungen`}
                </h2>
                {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a table wider than the screen scrolls; its region must be reachable by keyboard */}
                <section class="ek-region kern-table-responsive" tabIndex={0} aria-labelledby="liste">
                  <table class="kern-table kern-table--small">
                    <thead class="kern-table__head">
                      <tr class="kern-table__row">
                        <th class="kern-table__header" scope="col">
                          Fundstelle
                        </th>
                        <th class="kern-table__header" scope="col">
                          Forderung
                        </th>
                        <th class="kern-table__header" scope="col">
                          Zuständig
                        </th>
                        <th class="kern-table__header" scope="col">
                          Stand
                        </th>
                        <th class="kern-table__header" scope="col">
                          Unbeantwortet seit
                        </th>
                      </tr>
                    </thead>
                    <tbody class="kern-table__body">
                      {shown.map((i) => {
                        const s = unassigned ? null : stateOf(i, code);
                        return (
                          <tr class="kern-table__row" key={i.demand.id} id={`f${i.demand.id}`}>
                            <td class="kern-table__cell">
                              <a class="kern-link" href={`/forderungen/${i.demand.id}`}>
                                {demandLabel(i.demand)}
                              </a>
                            </td>
                            <td class="kern-table__cell">{i.demand.summary}</td>
                            <td class="kern-table__cell">
                              {i.assignments.length === 0
                                ? '–'
                                : i.assignments.map((a) => `${a.name}${a.lead ? ' (federführend)' : ''}`).join(', ')}
                            </td>
                            <td class="kern-table__cell">{unassigned ? '–' : s ? STATE_LABELS[s] : 'nicht begonnen'}</td>
                            <td class="kern-table__cell">
                              {i.answered.unansweredSince > 0
                                ? `${i.answered.unansweredSince} ${i.answered.unansweredSince === 1 ? 'Runde' : 'Runden'}`
                                : '–'}
                            </td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </section>
                <Pager
                  total={items.total}
                  limit={LIMIT}
                  offset={offset}
                  to={(o) => href(`/buero/runden/${round.id}/stellen/${encodeURIComponent(code)}`, { stand, offset: o || undefined })}
                />
              </>
            )}
          </>
        );
      }}
    </Loaded>
  );
}
