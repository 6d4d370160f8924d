/** The first start on a new tablet. */
import { defineMessages } from './define.ts';

export const firstRun = defineMessages(
  {
    'firstRun.title': 'はじめに',
    'firstRun.lead': 'この端末で受付を始める準備をします。ネットワークがなくても使えます。',
    'firstRun.shelterStep': '2. 避難所の名前',
    'firstRun.shelterHelp': '例: 石巻市立中央小学校 体育館',
    'firstRun.start': '受付を始める',
    'firstRun.enrollLater': 'サーバーへの登録は、ネットワークがあるときに「端末と同期」からいつでもできます。',
  },
  {
    'firstRun.title': 'Getting started',
    'firstRun.lead': 'Prepare this device for check-in. It works without a network.',
    'firstRun.shelterStep': '2. Shelter name',
    'firstRun.shelterHelp': 'For example: Ishinomaki Chuo Elementary School gym',
    'firstRun.start': 'Start check-in',
    'firstRun.enrollLater': 'Enroll with the server any time the network is there, under “Device and sync”.',
  },
);
