/** The Isolated Web App build target: its manifest and where Vite puts it. */
import type { Plugin, UserConfig } from 'vite';
import { describe, expect, it } from 'vitest';
import { isolatedWebAppManifest } from '../../src/app/pwa/iwa-manifest.ts';
import viteConfig from '../../vite.config.ts';

describe('Isolated Web App build', () => {
  it('asks for usb-unrestricted (smart-card-class readers) and smart-card (the Web Smart Card API) in its permissions policy', () => {
    const manifest = isolatedWebAppManifest('1.2.3');
    expect(manifest).toMatchObject({ id: '/', version: '1.2.3', start_url: '/' });
    expect(manifest.permissions_policy).toEqual({ usb: ['self'], 'usb-unrestricted': ['self'], 'smart-card': ['self'], 'cross-origin-isolated': ['self'] });
    const icons = manifest.icons as { src: string }[];
    expect(icons.length).toBeGreaterThan(0);
    for (const icon of icons) expect(icon.src).toMatch(/^\/icons\//);
  });

  it('builds into dist-iwa with the manifest at /.well-known/manifest.webmanifest in --mode iwa, and leaves the normal build alone', async () => {
    const configFor = async (mode: string): Promise<UserConfig> => (typeof viteConfig === 'function' ? await viteConfig({ mode, command: 'build' }) : viteConfig);
    const iwa = await configFor('iwa');
    const plain = await configFor('production');
    expect(iwa.build?.outDir).toBe('dist-iwa');
    expect(plain.build?.outDir).toBeUndefined();
    const names = (config: UserConfig): string[] => (config.plugins ?? []).flat().map((p) => (p as Plugin | undefined)?.name ?? '');
    expect(names(iwa)).toContain('shelterkey-isolated-web-app');
    expect(names(plain)).not.toContain('shelterkey-isolated-web-app');
    const plugin = (iwa.plugins ?? []).flat().find((p) => (p as Plugin | undefined)?.name === 'shelterkey-isolated-web-app') as Plugin;
    const emitted: { fileName?: string; source?: unknown }[] = [];
    const generate = plugin.generateBundle as unknown as (this: { emitFile: (f: { fileName?: string; source?: unknown }) => string }) => void;
    generate.call({ emitFile: (file) => (emitted.push(file), 'id') });
    expect(emitted[0]?.fileName).toBe('.well-known/manifest.webmanifest');
    expect(JSON.parse(String(emitted[0]?.source)).permissions_policy['usb-unrestricted']).toEqual(['self']);
  });
});
