import { mount } from 'svelte';
import App from './app/App.svelte';
import './app/app.css';
import { languageFromUrl, Locale } from './app/i18n/locale.svelte.ts';
import { database } from './db/database.ts';
import { readSetting } from './db/settings.ts';

async function start(): Promise<void> {
  const saved = await readSetting(database(), 'language').catch(() => undefined);
  const locale = new Locale(languageFromUrl(new URL(location.href)) ?? saved ?? 'ja');
  const target = document.getElementById('app');
  if (!target) throw new Error('The page has no #app element.');
  mount(App, { target, props: { locale } });
}

void start();
