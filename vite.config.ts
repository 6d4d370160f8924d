import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import { webManifest } from './src/app/pwa/manifest.ts';
import { isolatedWebAppManifest } from './src/app/pwa/iwa-manifest.ts';

/** `vite build --mode iwa` (npm run build:iwa): the Isolated Web App build, in dist-iwa/, with its manifest where IWAs look for it. */
function isolatedWebApp(): Plugin {
  const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };
  return {
    name: 'shelterkey-isolated-web-app',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: '.well-known/manifest.webmanifest', source: `${JSON.stringify(isolatedWebAppManifest(version), null, 2)}\n` });
    },
  };
}

export default defineConfig(({ mode }) => ({
  plugins: [
    svelte(),
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      manifest: webManifest,
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        navigateFallback: 'index.html',
        navigateFallbackDenylist: [/^\/api\//],
        cleanupOutdatedCaches: true,
        // The first online visit is enough: the page comes under the service worker at once, so a
        // network that drops right after set-up does not leave the tablet without the app.
        clientsClaim: true,
      },
    }),
    ...(mode === 'iwa' ? [isolatedWebApp()] : []),
  ],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true, ...(mode === 'iwa' ? { outDir: 'dist-iwa' } : {}) },
  server: { proxy: { '/api': 'http://localhost:8080' } },
}));
