/**
 * Every view has a URL (hash history, so reload, Back and deep links work in the desktop window's
 * app:// page and in `dlens serve` alike):
 *   #/overview
 *   #/findings?severity=high&q=...&rule=...&technique=...&principal=...&from=...&to=...&sort=...&group=...
 *   #/finding/<id>            (the same list with that finding's detail pinned)
 *   #/timeline?from=...&to=...&q=...&sources=...
 *   #/volume?sender=...&hour=...   #/volume?tab=campaigns
 *   #/principal/<address>
 *   #/graph?asOf=...&focus=...
 *   #/annotations             (stars, tags, comments, triage and their history; saved views)
 */
import { createHashHistory, createRootRoute, createRoute, createRouter, redirect } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { AppShell } from './AppShell';
import { ErrorBoundary } from './ErrorBoundary';
import { instant, oneOf, parseSearch, stringifySearch, text } from './search-params';
import { OverviewPage } from '../views/overview/OverviewPage';
import { FindingsPage, type FindingsSearch } from '../views/findings/FindingsPage';
import { TimelinePage, type TimelineSearch } from '../views/timeline/TimelinePage';
import { VolumePage, type VolumeSearch } from '../views/volume/VolumePage';
import { PrincipalPage } from '../views/principal/PrincipalPage';
import { GraphPage, type GraphSearch } from '../views/graph/GraphPage';
import { AnnotationsPage } from '../views/annotations/AnnotationsPage';

const guarded = (view: string, node: ReactNode) => <ErrorBoundary view={view}>{node}</ErrorBoundary>;

const rootRoute = createRootRoute({ component: AppShell });

const indexRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/',
  beforeLoad: () => {
    // TanStack Router's redirect is thrown by design (its documented pattern), not an Error.
    // eslint-disable-next-line @typescript-eslint/only-throw-error
    throw redirect({ to: '/overview' });
  },
});

const overviewRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/overview',
  component: () => guarded('overview', <OverviewPage />),
});

const findingsSearch = (s: Record<string, unknown>): FindingsSearch => ({
  q: text(s.q),
  severity: text(s.severity),
  rule: text(s.rule),
  technique: text(s.technique),
  principal: text(s.principal),
  from: instant(s.from),
  to: instant(s.to),
  sort: oneOf(s.sort, ['severity', 'time', 'rule'] as const),
  group: oneOf(s.group, ['rule', 'principal'] as const),
  state: text(s.state),
});

const findingsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/findings',
  validateSearch: findingsSearch,
  component: function Findings() {
    return guarded('findings', <FindingsPage search={findingsRoute.useSearch()} selected={null} />);
  },
});

const findingRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/finding/$id',
  validateSearch: findingsSearch,
  component: function Finding() {
    const { id } = findingRoute.useParams();
    return guarded('findings', <FindingsPage search={findingRoute.useSearch()} selected={id} />);
  },
});

const timelineRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/timeline',
  validateSearch: (s: Record<string, unknown>): TimelineSearch => ({
    from: instant(s.from),
    to: instant(s.to),
    q: text(s.q),
    sources: text(s.sources),
    at: instant(s.at),
    row: text(s.row),
  }),
  component: function Timeline() {
    return guarded('timeline', <TimelinePage search={timelineRoute.useSearch()} />);
  },
});

const volumeRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/volume',
  validateSearch: (s: Record<string, unknown>): VolumeSearch => ({
    sender: text(s.sender),
    hour: instant(s.hour),
    tab: oneOf(s.tab, ['senders', 'campaigns'] as const),
    campaign: text(s.campaign),
  }),
  component: function Volume() {
    return guarded('send volume', <VolumePage search={volumeRoute.useSearch()} />);
  },
});

const principalRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/principal/$address',
  component: function Principal() {
    const { address } = principalRoute.useParams();
    return guarded('principal', <PrincipalPage address={address} />);
  },
});

const graphRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/graph',
  validateSearch: (s: Record<string, unknown>): GraphSearch => ({
    asOf: instant(s.asOf),
    focus: text(s.focus),
  }),
  component: function Graph() {
    return guarded('graph', <GraphPage search={graphRoute.useSearch()} />);
  },
});

const annotationsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/annotations',
  component: () => guarded('annotations', <AnnotationsPage />),
});

const routeTree = rootRoute.addChildren([
  annotationsRoute,
  indexRoute,
  overviewRoute,
  findingsRoute,
  findingRoute,
  timelineRoute,
  volumeRoute,
  principalRoute,
  graphRoute,
]);

export function createAppRouter() {
  return createRouter({
    routeTree,
    history: createHashHistory(),
    parseSearch,
    stringifySearch,
    defaultNotFoundComponent: () => <p className="muted empty">No such view. Choose one above.</p>,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
