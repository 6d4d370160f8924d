/**
 * The committed training data: the training JPKI hierarchy every device and the server trust in
 * training mode, and the fixed training residents (see fixed-residents.ts).
 */
import { TRAINING_AUTHORITY_DATA } from './data/training-authority-data.ts';
import { TRAINING_RESIDENTS_DATA } from './data/training-residents-data.ts';
import type { TrainingResident } from './resident-generator.ts';
import { TrainingAuthority } from './training-authority.ts';

let shared: Promise<TrainingAuthority> | undefined;

/** The committed training authority, loaded once per process or page. */
export function trainingAuthority(): Promise<TrainingAuthority> {
  shared ??= TrainingAuthority.load(TRAINING_AUTHORITY_DATA);
  return shared;
}

export const TRAINING_RESIDENTS: readonly TrainingResident[] = TRAINING_RESIDENTS_DATA;

export function trainingResident(id: string): TrainingResident {
  const resident = TRAINING_RESIDENTS.find((r) => r.id === id);
  if (!resident) throw new RangeError(`no training resident ${id}; known: ${TRAINING_RESIDENTS.map((r) => r.id).join(', ')}`);
  return resident;
}
