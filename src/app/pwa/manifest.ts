import type { ManifestOptions } from 'vite-plugin-pwa';

/** The installable app's web manifest; Japanese first, as shelters in Japan use it. */
export const webManifest: Partial<ManifestOptions> = {
  name: 'シェルターキー 避難所受付 (shelterkey)',
  short_name: 'シェルターキー',
  description: 'マイナンバーカードによる避難所の受付・入退所管理（オフライン対応） / Offline-first shelter check-in with the My Number Card',
  lang: 'ja',
  dir: 'ltr',
  start_url: '/',
  scope: '/',
  display: 'standalone',
  orientation: 'any',
  background_color: '#ffffff',
  theme_color: '#0b5394',
  categories: ['government', 'utilities'],
  icons: [
    { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
    { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
    { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
  ],
};
