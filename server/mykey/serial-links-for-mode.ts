/** The J-LIS old/new serial link of a server mode: the training stand-in in training mode, none in production. */
import { TRAINING_RESIDENTS } from '../../src/card/training/committed-data.ts';
import type { ServerMode } from '../config.ts';
import { unavailableSerialLinks, type SerialLinkService } from './serial-link.ts';
import { TrainingSerialLinks } from './training-serial-link.ts';

export function serialLinksFor(mode: ServerMode): SerialLinkService {
  return mode === 'training' ? new TrainingSerialLinks(TRAINING_RESIDENTS) : unavailableSerialLinks;
}
