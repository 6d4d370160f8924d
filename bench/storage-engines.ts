/** The storage engines a benchmark runs on: SQLite always, PostgreSQL when one answers. */
import pg from 'pg';

export interface BenchEngine {
  name: string;
  /** The server's environment for this engine. */
  env: Record<string, string>;
}

/** A fresh database named `database` on BENCH_DATABASE_URL (or the local server); undefined when none answers. */
async function freshPostgresDatabase(database: string): Promise<string | undefined> {
  const base = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const client = new pg.Client({ connectionString: base, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query(`drop database if exists ${database}`);
    await client.query(`create database ${database}`);
    const url = new URL(base);
    url.pathname = `/${database}`;
    return url.toString();
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => {});
  }
}

export async function benchEngines(postgresDatabase: string, sqliteEnv: Record<string, string> = {}): Promise<BenchEngine[]> {
  const engines: BenchEngine[] = [{ name: 'SQLite', env: sqliteEnv }];
  const url = await freshPostgresDatabase(postgresDatabase);
  if (url) engines.push({ name: 'PostgreSQL', env: { DATABASE_URL: url } });
  else console.warn('PostgreSQL not reachable: SQLite only');
  return engines;
}
