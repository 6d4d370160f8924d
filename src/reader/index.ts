/** The reader layer: see reader.ts for the contract. */
export type { CardConnection, CardPresence, CardProtocol, ConnectOptions, Reader, ReaderKind, ReaderSource } from './reader.ts';
export { waitForCard } from './reader.ts';
export { TrainingReader, TrainingReaderSource, type TrainingReaderOptions } from './training/training-reader.ts';
