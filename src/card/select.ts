/** SELECT by AID and by EF identifier, through the session (so the privacy guard sees them). */
import { selectApplicationCommand, selectFileCommand } from './apdu/instructions.ts';
import { expectSuccess } from './apdu/status-errors.ts';
import { application, type ApplicationName } from './card-layout.ts';
import type { CardSession } from './session/card-session.ts';

export async function selectApplication(session: CardSession, name: ApplicationName, signal?: AbortSignal): Promise<void> {
  if (session.state.application === name) return;
  expectSuccess(await session.transmit(selectApplicationCommand(application(name).aid), signal ? { signal } : {}));
}

export async function selectFile(session: CardSession, name: ApplicationName, fid: number, signal?: AbortSignal): Promise<void> {
  await selectApplication(session, name, signal);
  expectSuccess(await session.transmit(selectFileCommand(fid), signal ? { signal } : {}));
}
