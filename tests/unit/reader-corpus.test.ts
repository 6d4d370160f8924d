/**
 * The 691 real reader descriptors: each is read back into a binary class descriptor, and each
 * becomes a virtual reader that either completes the product's whole read (certificate, PIN,
 * signature, 4 attributes) through the WebUSB driver or is refused with a reason. What to
 * expect is decided here from the printed text itself, not by the code under test.
 */
import { describe, expect, it } from 'vitest';
import { encodeCcidClassDescriptor, parseCcidClassDescriptor } from '../../src/reader/ccid/class-descriptor.ts';
import { quirkFor } from '../../src/reader/ccid/quirks.ts';
import { DescriptorFileError, parseDescriptorFile } from '../../src/reader/virtual/descriptor-file.ts';
import { simulateReader, simulationContext, type SimulationResult } from '../../src/reader/virtual/simulate.ts';
import { corpusFile, corpusFileNames, corpusText } from '../support/virtual-readers.ts';

const NAMED_IN_README = [
  'SONY_FeliCa_RC-S300_S.txt',
  'SONY_FeliCa_RC-S300_P.txt',
  'SCR3310-NTTCom.txt',
  'ACS_ACR1252_Reader.txt',
  'ACS_ACR39U_ICC_Reader.txt',
  'Identiv_uTrust_3700_F_CL_Reader.txt',
  'SCR3310.txt',
];

interface TextBlock {
  level: 'character' | 'tpdu' | 'short-apdu' | 'extended-apdu';
  t1: boolean;
  interfaceClass: number;
  subClass: number;
  protocol: number;
  endpoints: number;
  maxMessage: number;
}

/** Reads the blocks of a file with plain regular expressions, independently of descriptor-file.ts. */
function blocksOf(text: string): TextBlock[] {
  return text
    .replace(/\r/g, '')
    .split(/^ idVendor:/m)
    .slice(1)
    .map((block) => {
      const num = (re: RegExp): number => {
        const m = re.exec(block);
        if (!m?.[1]) throw new Error(`no match for ${re}`);
        return m[1].startsWith('0x') ? parseInt(m[1], 16) : Number(m[1]);
      };
      const levelLine = /(Character|TPDU|Short APDU|Short and Extended APDU) level exchange/.exec(block)?.[1];
      const levels: Record<string, TextBlock['level']> = { Character: 'character', TPDU: 'tpdu', 'Short APDU': 'short-apdu', 'Short and Extended APDU': 'extended-apdu' };
      const level = levels[levelLine ?? 'Character'] ?? 'character';
      return {
        level,
        t1: /^ {3}T=1$/m.test(block),
        interfaceClass: num(/bInterfaceClass: (0x[0-9A-F]{2})/),
        subClass: num(/bInterfaceSubClass: (\d+)/),
        protocol: num(/bInterfaceProtocol: (\d+)/),
        endpoints: num(/bNumEndpoints: (\d+)/),
        maxMessage: num(/dwMaxCCIDMessageLength: (\d+) bytes/),
      };
    });
}

/** Why a block cannot read a My Number Card, or undefined when it can. */
function expectedRefusal(block: TextBlock, quirkMessage: number | undefined): string | undefined {
  if (block.interfaceClass === 0x0b && block.subClass !== 0) return 'unknown-transport';
  if (block.protocol === 1 || block.protocol === 2) return 'iccd';
  if (block.protocol !== 0) return 'unknown-transport';
  if (block.endpoints < 2) return 'no-bulk-endpoints';
  if (block.level === 'character') return 'character-level';
  if (!block.t1) return 'no-t1';
  if (block.level === 'short-apdu' && (quirkMessage ?? block.maxMessage) - 10 < 258) return 'messages-too-short';
  return undefined;
}

describe('the reader corpus', () => {
  const names = corpusFileNames();

  it('has 691 readers, each read into a class descriptor that encodes back to the same fields', () => {
    expect(names).toHaveLength(691);
    let interfaces = 0;
    for (const name of names) {
      const file = corpusFile(name);
      for (const iface of file.interfaces) {
        interfaces++;
        expect(parseCcidClassDescriptor(encodeCcidClassDescriptor(iface.ccid)), name).toEqual(iface.ccid);
      }
      expect(file.interfaces.length, name).toBe(blocksOf(corpusText(name)).length);
    }
    expect(interfaces).toBe(773);
  });

  it('reads the printed fields exactly (NTT Communications SCR3310)', () => {
    const file = corpusFile('SCR3310-NTTCom.txt');
    expect(file).toMatchObject({ vendorId: 0x04e6, productId: 0x511a, manufacturer: 'NTT Communications Corp.', bcdDevice: 0x0203 });
    const [iface] = file.interfaces;
    expect(iface).toMatchObject({ bInterfaceClass: 0xff, bNumEndpoints: 3, interfaceName: 'Vendor Interface', clockFrequenciesKHz: [4000, 4800, 6000, 8000, 12000] });
    expect(iface?.ccid).toMatchObject({
      bcdCCID: 0x0110,
      bVoltageSupport: 0x07,
      dwProtocols: 0x03,
      dwDefaultClock: 4800,
      dwMaximumClock: 8000,
      dwDataRate: 12903,
      dwMaxDataRate: 412903,
      dwMaxIFSD: 252,
      dwFeatures: 0x000101ba,
      dwMaxCCIDMessageLength: 271,
      bClassGetResponse: 0xff,
      bClassEnvelope: 0xff,
      bMaxCCIDBusySlots: 1,
    });
    expect(iface?.dataRatesBps).toHaveLength(96);
  });

  it('refuses malformed descriptor files with DescriptorFileError', () => {
    expect(() => parseDescriptorFile('empty.txt', '')).toThrow(DescriptorFileError);
    const text = corpusText('SCR3310-NTTCom.txt');
    expect(() => parseDescriptorFile('x.txt', text.replace(/dwProtocols: .*\n/, ''))).toThrow(/dwProtocols/);
    expect(() => parseDescriptorFile('x.txt', text.replace('bLength: 0x36', 'bLength: 0x35'))).toThrow(/bLength/);
    expect(() => parseDescriptorFile('x.txt', text.replace('4.800 MHz', 'fast'))).toThrow(/MHz/);
  });

  it(
    'every reader either completes the whole read or is refused with a reason, as its descriptor says',
    async () => {
      const context = await simulationContext();
      const results = new Map<string, SimulationResult>();
      const started = performance.now();
      for (const name of names) results.set(name, await simulateReader(name, corpusText(name), context));
      console.log(`whole corpus: ${names.length} readers in ${((performance.now() - started) / 1000).toFixed(1)} s`);

      const unexpected: string[] = [];
      for (const name of names) {
        const file = corpusFile(name);
        const quirk = quirkFor(file.vendorId, file.productId)?.effects.maxMessageLength;
        const refusals = blocksOf(corpusText(name)).map((b) => expectedRefusal(b, quirk));
        const result = results.get(name);
        if (refusals.some((r) => r === undefined)) {
          if (!result?.ok) unexpected.push(`${name}: expected to complete, got ${result?.ok === false ? result.reason : 'nothing'}`);
        } else if (result?.ok !== false || !refusals.some((code) => result.reason.startsWith(`${code}: `))) {
          unexpected.push(`${name}: expected a refusal (${refusals.join(', ')}), got ${JSON.stringify(result)}`);
        }
      }
      expect(unexpected).toEqual([]);

      for (const name of NAMED_IN_README) expect(results.get(name), name).toMatchObject({ ok: true, protocol: 'T=1' });
      const ok = [...results.values()].filter((r) => r.ok);
      expect(ok.length).toBeGreaterThan(600);
      expect(new Set(ok.map((r) => (r.ok ? r.exchangeLevel : '')))).toEqual(new Set(['tpdu', 'short-apdu', 'extended-apdu']));
      // Every APDU- or TPDU-level reader with T=1 completes, save the refusals that say why not.
      const apduOrTpduT1 = names.filter((n) => blocksOf(corpusText(n)).some((b) => b.level !== 'character' && b.t1));
      const notCompleted = apduOrTpduT1.filter((n) => !results.get(n)?.ok).map((n) => (results.get(n) as { reason: string }).reason.split(':')[0]);
      expect(new Set(notCompleted)).toEqual(new Set(['iccd', 'unknown-transport', 'messages-too-short']));
    },
    240_000,
  );
});
