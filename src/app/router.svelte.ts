/** The app's screens, addressed by path so a reload or a bookmark lands on the same one. */

export type Screen =
  | { name: 'checkin' }
  | { name: 'roster' }
  | { name: 'register' }
  | { name: 'resident'; id: string }
  | { name: 'status' }
  | { name: 'coordinator' }
  /** The resident counter (staff start it here; once started, the app shows nothing else). */
  | { name: 'counter' };

export type ScreenName = Screen['name'];

export function pathOf(screen: Screen): string {
  switch (screen.name) {
    case 'checkin':
      return '/';
    case 'resident':
      return `/residents/${encodeURIComponent(screen.id)}`;
    default:
      return `/${screen.name}`;
  }
}

export function screenOf(pathname: string): Screen {
  const path = pathname.replace(/\/+$/, '') || '/';
  const resident = path.match(/^\/residents\/([^/]+)$/);
  if (resident?.[1]) return { name: 'resident', id: decodeURIComponent(resident[1]) };
  for (const name of ['roster', 'register', 'status', 'coordinator', 'counter'] as const) if (path === `/${name}`) return { name };
  return { name: 'checkin' };
}

export class Router {
  screen = $state<Screen>(screenOf(location.pathname));

  start(): () => void {
    const onPop = () => {
      this.screen = screenOf(location.pathname);
    };
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }

  /** Moves to a screen, keeping the query (?lang=en) so the language stays. */
  go(screen: Screen): void {
    const path = pathOf(screen);
    if (path === location.pathname) return;
    history.pushState(null, '', `${path}${location.search}`);
    this.screen = screen;
    // Screen readers and keyboards start at the top of the new screen.
    queueMicrotask(() => document.getElementById('main')?.focus());
  }
}
