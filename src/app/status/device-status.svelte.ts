/** What staff need to know about this device at a glance: network, background worker, storage. */
import { selfTestCryptoWorker } from '../workers/crypto-client.ts';

export type WorkerStatus = 'starting' | 'ready' | 'failed';
export type StorageStatus = 'persistent' | 'best-effort' | 'unknown';

export class DeviceStatus {
  online = $state(navigator.onLine);
  worker = $state<WorkerStatus>('starting');
  storage = $state<StorageStatus>('unknown');

  start(): () => void {
    const update = (): void => {
      this.online = navigator.onLine;
    };
    addEventListener('online', update);
    addEventListener('offline', update);
    void this.checkWorker();
    void this.checkStorage();
    return () => {
      removeEventListener('online', update);
      removeEventListener('offline', update);
    };
  }

  private async checkWorker(): Promise<void> {
    try {
      this.worker = (await selfTestCryptoWorker()) ? 'ready' : 'failed';
    } catch {
      this.worker = 'failed';
    }
  }

  /** Asks once at start-up: the outbox must not be evicted (Chromium decides without a prompt). */
  private async checkStorage(): Promise<void> {
    if (!navigator.storage?.persisted) return;
    if (await navigator.storage.persisted()) {
      this.storage = 'persistent';
      return;
    }
    await this.requestPersistentStorage();
  }

  /** Asks the browser not to evict the outbox and revocation data (it may decide without asking). */
  async requestPersistentStorage(): Promise<void> {
    if (!navigator.storage?.persist) return;
    this.storage = (await navigator.storage.persist()) ? 'persistent' : 'best-effort';
  }
}
