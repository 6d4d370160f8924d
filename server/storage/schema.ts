/** The server database's tables as Kysely sees them; the migrations in ./migrations create them. */

export interface ServerMetaTable {
  key: string;
  value: string;
}

export interface ServerDatabase {
  server_meta: ServerMetaTable;
}
