/** A shelter's registry (名簿) for coordinators, projected from its events with the app's own roster logic. */
import type { Kysely } from 'kysely';
import type { ShelterEvent } from '../../src/protocol/events.ts';
import { Roster } from '../../src/roster/roster.ts';
import type { ServerDatabase } from '../storage/schema.ts';
import { toCsv } from './csv.ts';

export const REGISTRY_COLUMNS = [
  '氏名 name',
  'ふりがな kana',
  '生年月日 birth date',
  '性別 sex',
  '住所 address',
  '電話 phone',
  '連絡メモ contact note',
  '医療 medical',
  'アレルギー allergies',
  '移動・介助 mobility',
  'その他 other needs',
  '状態 presence',
  '状態の時刻 presence at',
  '移動先 transferred to',
  '登録時刻 registered at',
  '登録方法 source',
  '世帯 household',
] as const;

export async function registryCsv(db: Kysely<ServerDatabase>, shelterId: string): Promise<string> {
  const rows = await db.selectFrom('events').select('body').where('shelter_id', '=', shelterId).orderBy('shelter_seq').execute();
  const roster = new Roster(rows.map((row) => JSON.parse(row.body) as ShelterEvent));
  const residents = roster.all.sort((a, b) => a.registeredAt.localeCompare(b.registeredAt));
  return toCsv(
    REGISTRY_COLUMNS,
    residents.map((r) => [
      r.name,
      r.nameKana,
      r.birthDate,
      r.sex,
      r.address,
      r.contact?.phone,
      r.contact?.note,
      r.needs?.medical,
      r.needs?.allergies,
      r.needs?.mobility,
      r.needs?.other,
      r.presence,
      r.presenceAt,
      r.transferredTo,
      r.registeredAt,
      r.source,
      r.householdId,
    ]),
  );
}
