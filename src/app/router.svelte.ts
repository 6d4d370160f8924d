/** The app's few screens, addressed by path so a reload or a bookmark lands on the same one. */
export const ROUTES = { checkin: '/', status: '/status', coordinator: '/coordinator' } as const;
export type Route = keyof typeof ROUTES;

export function routeOf(pathname: string): Route {
  const match = (Object.entries(ROUTES) as [Route, string][]).find(([, path]) => path === pathname.replace(/\/+$/, '') || (path === '/' && pathname === '/'));
  return match?.[0] ?? 'checkin';
}

export class Router {
  route = $state<Route>(routeOf(location.pathname));

  start(): () => void {
    const onPop = () => {
      this.route = routeOf(location.pathname);
    };
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }

  /** Moves to a screen, keeping the query (?lang=en) so the language stays. */
  go(route: Route): void {
    if (route === this.route) return;
    history.pushState(null, '', `${ROUTES[route]}${location.search}`);
    this.route = route;
  }
}
