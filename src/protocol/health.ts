/** GET /api/v1/health response. */
export interface HealthReport {
  status: 'ok' | 'unavailable';
  version: string;
  uptimeSeconds: number;
  storage: {
    engine: 'sqlite' | 'postgres';
    reachable: boolean;
    /** The newest applied migration. */
    schemaVersion: string | undefined;
  };
}
