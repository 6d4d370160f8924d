/**
 * The Isolated Web App manifest (served at /.well-known/manifest.webmanifest in the IWA build,
 * `npm run build:iwa`). Its permissions policy opens what ordinary pages cannot have:
 * `usb-unrestricted` lets WebUSB claim smart-card-class (0x0B) reader interfaces, `smart-card`
 * exposes the Web Smart Card API (navigator.smartCard, the OS's PC/SC readers).
 */
import { webManifest } from './manifest.ts';

export function isolatedWebAppManifest(version: string): Record<string, unknown> {
  return {
    ...webManifest,
    // The manifest lives under /.well-known/: its relative URLs would resolve there.
    icons: (webManifest.icons ?? []).map((icon) => ({ ...icon, src: new URL(icon.src, 'https://app.invalid/').pathname })),
    id: '/',
    version,
    permissions_policy: {
      usb: ['self'],
      'usb-unrestricted': ['self'],
      'smart-card': ['self'],
      'cross-origin-isolated': ['self'],
    },
  };
}
