/** The server database's tables as Kysely sees them; the migrations in ./migrations create them. */
import type { MyKeyDatabase } from './mykey-schema.ts';

export interface ServerMetaTable {
  key: string;
  value: string;
}

export interface ShelterTable {
  id: string;
  name: string;
  created_at: string;
  event_seq: number;
  /** The last per-shelter verdict change number handed out (migration 0007); same locking as event_seq. */
  verdict_seq: number;
}

export interface EnrollmentCodeTable {
  code_hash: string;
  shelter_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface DeviceTable {
  id: string;
  shelter_id: string;
  name: string;
  token_hash: string;
  provisional_shelter_id: string | null;
  created_at: string;
  revoked_at: string | null;
  last_sync_at: string | null;
  /** Events the device still had to send after its last push (it reports this itself). */
  pending_events: number | null;
}

export interface EventTable {
  id: string;
  shelter_id: string;
  shelter_seq: number;
  device_id: string;
  device_sequence: number;
  type: string;
  resident_id: string | null;
  occurred_at: string;
  corrected_occurred_at: string;
  received_at: string;
  /** The event exactly as the device sent it, as JSON. */
  body: string;
}

export type Presence = 'unknown' | 'checked_in' | 'checked_out' | 'transferred';

export interface ResidentTable {
  id: string;
  shelter_id: string;
  registered_at: string | null;
  presence: Presence;
  presence_at: string | null;
  presence_event_id: string | null;
}

export interface VerdictTable {
  event_id: string;
  status: string;
  reason: string | null;
  revoked_at: string | null;
  meaning_ja: string | null;
  meaning_en: string | null;
  changed: number;
  revoked_at_check_in: number;
  checked_at: string;
  /** Hex key id of the CA that issued the certificate, when known (migration 0005). */
  issuer_key_id: string | null;
  /** Hex of the certificate serial's content bytes (migration 0005). */
  serial: string | null;
  /** The shelter of the validation event (migration 0007; always set). */
  shelter_id: string;
  /** Per-shelter change number, new each time the verdict is stored or changed (migration 0007). */
  change_seq: number;
}

export interface AlertTable {
  id: string;
  shelter_id: string;
  event_id: string;
  kind: string;
  created_at: string;
  acknowledged_at: string | null;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  actor: string;
  action: string;
  object_id: string | null;
  result: string;
  prev_hash: string;
  hash: string;
}

export interface RevocationIndexTable {
  issuer_key_id: string;
  version: number;
  /** The CA's name as text (for people; the manifest holds the DER). */
  issuer_name: string;
  crl_number: string | null;
  this_update: string;
  next_update: string | null;
  entry_count: number;
  manifest: Uint8Array;
  snapshot_head: Uint8Array;
  snapshot_bytes: number;
  source: string;
  imported_at: string;
}

export interface RevocationShardTable {
  issuer_key_id: string;
  version: number;
  shard: number;
  /** encodeShard() bytes. */
  bytes: Uint8Array;
}

export interface RevocationDeltaTable {
  issuer_key_id: string;
  from_version: number;
  to_version: number;
  /** The whole signed delta package. */
  package: Uint8Array;
  created_at: string;
}

export interface ServerDatabase extends MyKeyDatabase {
  server_meta: ServerMetaTable;
  shelters: ShelterTable;
  enrollment_codes: EnrollmentCodeTable;
  devices: DeviceTable;
  events: EventTable;
  residents: ResidentTable;
  verdicts: VerdictTable;
  alerts: AlertTable;
  audit_log: AuditLogTable;
  revocation_indexes: RevocationIndexTable;
  revocation_shards: RevocationShardTable;
  revocation_deltas: RevocationDeltaTable;
}
