/** Storage failures, with a message an operator can act on (the driver's error is the cause). */
export class StorageError extends Error {
  override name = 'StorageError';
}
