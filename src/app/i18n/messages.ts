/**
 * The UI's words, Japanese first. Every key must exist in both languages: the `Messages` type is
 * taken from the Japanese catalogue and the English one is checked against it, so a missing
 * translation is a type error rather than a blank button at a shelter.
 */
import type { Language } from '../../protocol/language.ts';

const ja = {
  'app.name': 'シェルターキー',
  'app.tagline': '避難所受付（マイナンバーカード）',
  'app.skipToMain': '本文へ移動',
  'language.label': '表示言語',
  'language.ja': '日本語',
  'language.en': 'English',
  'home.title': '受付',
  'home.lead': 'カードリーダーを接続して、住民の方にマイナンバーカードを置いていただきます。',
  'status.title': '端末の状態',
  'status.network': 'ネットワーク',
  'status.online': 'オンライン',
  'status.offline': 'オフライン（この端末だけで受付を続けられます）',
  'status.worker': '計算処理（バックグラウンド）',
  'status.workerStarting': '起動中…',
  'status.workerReady': '準備完了',
  'status.workerFailed': '利用できません',
  'status.storage': 'データの保存',
  'status.storagePersistent': '保護されています（ブラウザーが自動で消しません）',
  'status.storageBestEffort': '保護されていません（空き容量が少ないと消える可能性があります）',
  'status.storageUnknown': '確認できません',
  'status.storageProtect': '保存データを保護する',
  'status.offlineStart': 'ネットワークなしでの起動',
  'status.offlineStartReady': '可能（この端末に保存済み）',
  'status.offlineStartPending': '準備中（一度オンラインで開いてください）',
  'update.ready': '新しいバージョンの準備ができました',
  'update.reload': '再読み込み',
  'update.later': 'あとで',
} as const;

export type MessageKey = keyof typeof ja;
export type Messages = Record<MessageKey, string>;

const en: Messages = {
  'app.name': 'shelterkey',
  'app.tagline': 'Shelter check-in with the My Number Card',
  'app.skipToMain': 'Skip to main content',
  'language.label': 'Language',
  'language.ja': '日本語',
  'language.en': 'English',
  'home.title': 'Check-in',
  'home.lead': 'Connect a card reader and ask the resident to place their My Number Card on it.',
  'status.title': 'Device status',
  'status.network': 'Network',
  'status.online': 'Online',
  'status.offline': 'Offline (check-in keeps working on this device)',
  'status.worker': 'Background processing',
  'status.workerStarting': 'Starting…',
  'status.workerReady': 'Ready',
  'status.workerFailed': 'Not available',
  'status.storage': 'Saved data',
  'status.storagePersistent': 'Protected (the browser will not clear it on its own)',
  'status.storageBestEffort': 'Not protected (may be cleared when the device runs low on space)',
  'status.storageUnknown': 'Cannot tell',
  'status.storageProtect': 'Protect saved data',
  'status.offlineStart': 'Start without network',
  'status.offlineStartReady': 'Ready (saved on this device)',
  'status.offlineStartPending': 'Not yet (open the app once while online)',
  'update.ready': 'A new version is ready',
  'update.reload': 'Reload',
  'update.later': 'Later',
};

export const catalogues: Record<Language, Messages> = { ja, en };
