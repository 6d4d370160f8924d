/** Starts the server: storage, revocation data, HTTP, scheduled CRL fetches, and a clean shutdown on SIGINT/SIGTERM. */
import { resolveAdminToken } from './admin-token.ts';
import { buildApp } from './app.ts';
import { systemClock } from './clock.ts';
import { readConfig, type ServerConfig } from './config.ts';
import { CrlRefresher } from './revocation/crl-refresher.ts';
import { loadPublishingKey, pinPublishingKey } from './revocation/publishing-key.ts';
import { createRevocationServices } from './revocation/revocation-services.ts';
import { MetaRepository } from './storage/meta-repository.ts';
import { openConfiguredStorage } from './storage/open.ts';
import { serialLinksFor } from './mykey/serial-links-for-mode.ts';
import { serverTrustStore } from './trust.ts';

export async function startServer(config: ServerConfig = readConfig()): Promise<{ url: string; stop: () => Promise<void> }> {
  const trustStore = await serverTrustStore(config);
  const admin = resolveAdminToken(config.adminToken, config.dataDir);
  const publishing = loadPublishingKey(config.publishingKeyFile);
  const storage = await openConfiguredStorage(config);
  const meta = new MetaRepository(storage.db);
  try {
    await pinPublishingKey(meta, publishing.key);
  } catch (error) {
    await storage.close();
    throw error;
  }
  const revocation = createRevocationServices({ storage, trustStore, publishingKey: publishing.key, clock: systemClock });
  const app = await buildApp({ config: { ...config, adminToken: admin.token }, storage, revocation, serialLinks: serialLinksFor(config.mode) });
  const refresher = new CrlRefresher({
    urls: config.crlUrls,
    intervalMs: config.crlRefreshMinutes * 60_000,
    importer: revocation.importer,
    meta,
    maxBytes: config.crlMaxBytes,
    log: app.log,
  });
  app.addHook('onClose', async () => {
    await refresher.stop();
    await storage.close();
  });
  const url = await app.listen({ port: config.port, host: config.host });
  refresher.start();
  app.log.info(
    { mode: config.mode, engine: storage.engine, staticDir: config.staticDir, trustAnchors: trustStore.anchors.length, crlSources: config.crlUrls.length },
    'shelterkey is ready',
  );
  if (admin.file) app.log.info({ file: admin.file }, 'administrator token is kept in this file (ADMIN_TOKEN is not set)');
  if (publishing.created) app.log.info({ file: config.publishingKeyFile }, 'made the Ed25519 key that signs revocation packages; keep this file');
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= app.close());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void stop().then(() => process.exit(0));
    });
  }
  return { url, stop };
}
