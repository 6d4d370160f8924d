/**
 * Service-worker registration and the update prompt, on workbox-window. A waiting new version
 * is never activated behind the staff's back (a check-in in progress must not be cut off by a
 * reload): it waits until they press "Reload", then takes control and the page reloads once.
 */
import { Workbox } from 'workbox-window';

export const SERVICE_WORKER_URL = '/sw.js';

export class ServiceWorkerState {
  /** A new version is installed and waits for the user to reload. */
  updateReady = $state(false);
  /** The app shell is cached: the app can start with no network. */
  offlineReady = $state(false);
  private workbox: Workbox | undefined;

  register(): void {
    if (!('serviceWorker' in navigator) || !import.meta.env.PROD) return;
    const workbox = new Workbox(SERVICE_WORKER_URL, { scope: '/' });
    // Fires for an update found by this page and for one another tab found (isExternal).
    workbox.addEventListener('waiting', () => {
      this.updateReady = true;
    });
    workbox.addEventListener('installed', (event) => {
      if (!event.isUpdate && !event.isExternal) this.offlineReady = true;
    });
    this.workbox = workbox;
    void workbox.register().then((registration) => {
      if (registration?.active) this.offlineReady = true;
    });
  }

  /** Lets the waiting version take over, then reloads into it. */
  reloadToUpdate(): void {
    navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
    this.workbox?.messageSkipWaiting();
  }

  dismissUpdate(): void {
    this.updateReady = false;
  }
}
