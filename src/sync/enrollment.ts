/**
 * Enrolling this device with the shelterkey server: the coordinator's short code is exchanged
 * for a device token, and the shelter the device named on its own becomes the server's shelter.
 * Events recorded before keep their provisional shelter id; the server knows it as an alias.
 * The server's publishing key comes with the token and is pinned: revocation packages must be
 * signed with it.
 */
import type { ShelterkeyDatabase } from '../db/database.ts';
import { deleteSetting, readSetting, writeSetting, type DeviceEnrollment } from '../db/settings.ts';
import { SyncClient, type FetchFunction } from './sync-client.ts';

export async function enrollThisDevice(
  db: ShelterkeyDatabase,
  request: { serverUrl: string; code: string; deviceName: string },
  options: { fetch?: FetchFunction; clock?: () => Date } = {},
): Promise<DeviceEnrollment> {
  const shelter = await readSetting(db, 'shelter');
  const provisionalShelterId = shelter?.provisional ? shelter.id : shelter?.provisionalId;
  const client = new SyncClient({ serverUrl: request.serverUrl, fetch: options.fetch });
  const response = await client.enroll({
    code: request.code,
    deviceName: request.deviceName,
    ...(provisionalShelterId ? { provisionalShelterId } : {}),
  });
  const enrollment: DeviceEnrollment = {
    deviceId: response.deviceId,
    token: response.token,
    serverUrl: request.serverUrl,
    enrolledAt: (options.clock ?? (() => new Date()))().toISOString(),
  };
  const previous = await readSetting(db, 'enrollment');
  await db.transaction('rw', db.settings, async () => {
    // Cursors count in one shelter's numbering on one server: another shelter or server starts
    // from the beginning, or its first events and verdicts would be skipped.
    if (previous && (previous.serverUrl !== request.serverUrl || shelter?.id !== response.shelter.id)) {
      await deleteSetting(db, 'pullCursor');
      await deleteSetting(db, 'verdictCursor');
    }
    await writeSetting(db, 'enrollment', enrollment);
    await writeSetting(db, 'publishingKey', response.publishingKey);
    await writeSetting(db, 'shelter', {
      id: response.shelter.id,
      name: response.shelter.name,
      provisional: false,
      ...(provisionalShelterId ? { provisionalId: provisionalShelterId } : {}),
    });
  });
  return enrollment;
}
