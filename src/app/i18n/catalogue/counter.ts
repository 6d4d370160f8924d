/** Starting the resident counter, for staff (the counter's own words for residents are in counter-kiosk.ts). */
import { defineMessages } from './define.ts';

export const counter = defineMessages(
  {
    'counter.open': '住民窓口（マイキー）',
    'counter.setupTitle': '住民窓口モード（マイキー）',
    'counter.setupLead': 'この端末を住民向けの窓口にします。住民はカードと暗証番号で、マイキーIDの確認、図書館カードなどのサービスカードのひも付けと解除、市のシステムへの情報提供の同意と取り消しができます。',
    'counter.setupLocked': '窓口モードの間は、受付・名簿などの画面は開けません。終えるには、画面の「職員用」から終了コードを入力します。',
    'counter.setupPrivacy': '住民の情報は画面に表示するだけで、この端末には保存しません。カードを取るか、60秒操作がないと、画面は消えます。',
    'counter.needsEnrollment': '窓口にはサーバーとの接続が必要です。先に「端末と同期」でこの端末を登録してください。',
    'counter.needsReader': '先に受付の画面でカードリーダーを選んでください。',
    'counter.code': '終了コード（数字4〜8桁）',
    'counter.codeHelp': '窓口モードを終えるときに入力します。職員だけが知る番号にしてください。',
    'counter.codeRepeat': '終了コード（確認のためもう一度）',
    'counter.codeMismatch': '2つの終了コードが違います。',
    'counter.codeFormat': '終了コードは数字4〜8桁です。',
    'counter.start': '窓口モードを始める',
    'counter.starting': '始めています…',
  },
  {
    'counter.open': 'Resident counter (MyKey)',
    'counter.setupTitle': 'Resident counter mode (MyKey)',
    'counter.setupLead': 'This device becomes a counter for residents. With their card and PIN, residents see their MyKey ID, link a service card (such as a library card) or remove the link, and give or withdraw consent for city systems to receive their details.',
    'counter.setupLocked': 'While the counter runs, check-in, the roster and the other screens cannot be opened. To close it, press “Staff” on the counter screen and enter the exit code.',
    'counter.setupPrivacy': 'Residents’ details are only shown on the screen, never stored on this device. The screen clears when the card is taken or after 60 seconds without use.',
    'counter.needsEnrollment': 'The counter needs the server. Enroll this device first (Device and sync).',
    'counter.needsReader': 'Choose the card reader on the check-in screen first.',
    'counter.code': 'Exit code (4 to 8 digits)',
    'counter.codeHelp': 'Entered to close the counter. Choose a number only staff know.',
    'counter.codeRepeat': 'Exit code again',
    'counter.codeMismatch': 'The two exit codes differ.',
    'counter.codeFormat': 'The exit code is 4 to 8 digits.',
    'counter.start': 'Start the counter',
    'counter.starting': 'Starting…',
  },
);
