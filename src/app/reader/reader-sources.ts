/**
 * The reader sources this build offers. The first-run and check-in screens show one choice per
 * source whose browser API exists here (`available()`), in this order: real readers first, the
 * training reader last. A new transport is offered by adding its ReaderSource to READER_SOURCES.
 */
import type { ReaderKind, ReaderSource } from '../../reader/reader.ts';
import { WebSmartCardReaderSource } from '../../reader/smart-card/smart-card-reader-source.ts';
import { TRAINING_LATENCY_MS, TrainingReader, TrainingReaderSource } from '../../reader/training/training-reader.ts';
import { WebUsbReaderSource } from '../../reader/webusb/webusb-reader-source.ts';

export class ReaderRegistry {
  constructor(private readonly sources: readonly ReaderSource[]) {}

  /** The sources this browser can use, in display order. */
  available(): ReaderSource[] {
    return this.sources.filter((source) => {
      try {
        return source.available();
      } catch {
        return false; // a source probing a missing API must not take the screen down
      }
    });
  }

  byKind(kind: ReaderKind): ReaderSource | undefined {
    return this.sources.find((source) => source.kind === kind);
  }

  /** The training reader, to place virtual cards on. */
  get training(): TrainingReaderSource | undefined {
    return this.sources.find((source): source is TrainingReaderSource => source instanceof TrainingReaderSource);
  }
}

/** `npm run build:iwa`: the Isolated Web App build, where smart-card-class USB readers may be claimed. */
const ISOLATED_WEB_APP = import.meta.env.MODE === 'iwa';

export const READER_SOURCES: readonly ReaderSource[] = [
  // The Web Smart Card API exists only where the computer's own driver serves (IWA, ChromeOS):
  // offered first there. Neither constructor touches hardware.
  new WebSmartCardReaderSource(),
  new WebUsbReaderSource({ environment: { isolatedWebApp: ISOLATED_WEB_APP } }),
  new TrainingReaderSource(new TrainingReader({ latencyMs: TRAINING_LATENCY_MS })),
];

export const readerRegistry = new ReaderRegistry(READER_SOURCES);
