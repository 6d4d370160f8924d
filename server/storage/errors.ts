/** Storage failures, with a message an operator can act on (the driver's error is the cause). */
export class StorageError extends Error {
  override name = 'StorageError';
}

/**
 * What a database failure means for a caller: `full` when the disk (or SQLite's page limit) has
 * no room left, `unavailable` when the database cannot be reached or is shutting down; undefined
 * for anything else (a bug, to be logged as one). The driver's error may sit in a cause chain.
 */
export type StorageFault = 'full' | 'unavailable';

// SQLite result codes (better-sqlite3's SqliteError.code), PostgreSQL SQLSTATEs (pg's
// DatabaseError.code: class 53 insufficient resources, 57P admin shutdown, 08 connection), errnos.
const FULL_CODES = new Set(['SQLITE_FULL', '53100', 'ENOSPC']);
const UNAVAILABLE_CODES = new Set(['SQLITE_BUSY', 'SQLITE_CANTOPEN', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT']);

export function storageFaultOf(error: unknown): StorageFault | undefined {
  let unavailable = false;
  for (let current = error, depth = 0; current instanceof Error && depth < 8; current = current.cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && FULL_CODES.has(code)) return 'full';
    if ((typeof code === 'string' && UNAVAILABLE_CODES.has(code)) || current instanceof StorageError) unavailable = true;
  }
  return unavailable ? 'unavailable' : undefined;
}
