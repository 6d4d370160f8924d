/**
 * Answer-to-reset parsing (ISO/IEC 7816-3:2006 §8.2): TS, T0, the interface bytes TAi TBi TCi
 * TDi, the historical bytes and TCK, read into what the driver needs: Fi/Di (TA1), extra guard
 * time (TC1), specific mode (TA2), the T=0 waiting integer (TC2), the T=1 parameters (first
 * TA/TB/TC for T=1: IFSC, BWI/CWI, EDC) and the protocols offered. Like libccid, a wrong TCK
 * is recorded, not refused (the reader already checked the ATR's characters).
 */
import { CardProtocolError } from '../errors.ts';

export const ATR_MAX_LENGTH = 33;

export interface Atr {
  bytes: Uint8Array;
  convention: 'direct' | 'inverse';
  /** TA1, when present: FI in the high nibble, DI in the low one. */
  ta1: number | undefined;
  /** TC1: extra guard time N (0 when absent). */
  extraGuardTime: number;
  /** TA2 present: the card works in specific mode with this protocol (§8.3, TA2). */
  specificMode: { protocol: number; implicitParameters: boolean } | undefined;
  /** TC2: the T=0 waiting integer WI (10 when absent). */
  waitingInteger: number;
  /** Protocols offered in TD1, TD2… (T=15 excluded), in order; [0] when there is no TD1. */
  protocols: number[];
  /** The first protocol offered (§8.2.3): the one used without PPS. */
  defaultProtocol: number;
  t1: { ifsc: number; bwi: number; cwi: number; edc: 'lrc' | 'crc' };
  /** First TA for T=15 (class indicator), when present. */
  classIndicator: number | undefined;
  historical: Uint8Array;
  /** undefined when the ATR carries no TCK (only T=0 offered). */
  tckValid: boolean | undefined;
}

function malformed(detail: string): CardProtocolError {
  return new CardProtocolError({ detail: `ATR: ${detail}` });
}

export function parseAtr(bytes: Uint8Array): Atr {
  if (bytes.length < 2 || bytes.length > ATR_MAX_LENGTH) throw malformed(`${bytes.length} bytes`);
  const ts = bytes[0];
  if (ts !== 0x3b && ts !== 0x3f) throw malformed(`TS 0x${(ts ?? 0).toString(16)}`);
  let offset = 1;
  const next = (): number => {
    const byte = bytes[offset++];
    if (byte === undefined) throw malformed('ends inside the interface bytes');
    return byte;
  };
  const t0 = next();
  const historicalLength = t0 & 0x0f;
  let y = t0 >> 4;
  const groups: { ta?: number; tb?: number; tc?: number; td?: number }[] = [];
  for (let i = 1; ; i++) {
    const group: { ta?: number; tb?: number; tc?: number; td?: number } = {};
    if (y & 1) group.ta = next();
    if (y & 2) group.tb = next();
    if (y & 4) group.tc = next();
    if (y & 8) group.td = next();
    groups.push(group);
    if (group.td === undefined) break;
    if (i > 15) throw malformed('too many interface byte groups');
    y = group.td >> 4;
  }
  const historical = bytes.slice(offset, offset + historicalLength);
  if (historical.length !== historicalLength) throw malformed('ends inside the historical bytes');
  offset += historicalLength;

  const protocolsInTd = groups.flatMap((g) => (g.td === undefined ? [] : [g.td & 0x0f]));
  const offered = protocolsInTd.filter((t) => t !== 15);
  const needsTck = protocolsInTd.some((t) => t !== 0);
  let tckValid: boolean | undefined;
  if (needsTck) {
    if (offset !== bytes.length - 1) throw malformed(`TCK expected at ${offset}, length ${bytes.length}`);
    let xor = 0;
    for (let i = 1; i < bytes.length; i++) xor ^= bytes[i] ?? 0;
    tckValid = xor === 0;
  } else if (offset !== bytes.length) {
    throw malformed(`${bytes.length - offset} bytes after the historical bytes`);
  }

  // Interface bytes of group i ≥ 3 belong to the protocol named in TD(i-1) (§8.2.2).
  const firstFor = (protocol: number, key: 'ta' | 'tb' | 'tc'): number | undefined => {
    for (let i = 2; i < groups.length; i++) {
      if (((groups[i - 1]?.td ?? 0) & 0x0f) === protocol && groups[i]?.[key] !== undefined) return groups[i]?.[key];
    }
    return undefined;
  };
  const g1 = groups[0] ?? {};
  const g2 = groups[1] ?? {};
  const ifsc = firstFor(1, 'ta');
  const bwiCwi = firstFor(1, 'tb');
  const edc = firstFor(1, 'tc');
  return {
    bytes: Uint8Array.from(bytes),
    convention: ts === 0x3b ? 'direct' : 'inverse',
    ta1: g1.ta,
    extraGuardTime: g1.tc ?? 0,
    specificMode: g2.ta === undefined ? undefined : { protocol: g2.ta & 0x0f, implicitParameters: (g2.ta & 0x10) !== 0 },
    waitingInteger: g2.tc ?? 10,
    protocols: offered.length > 0 ? [...new Set(offered)] : [0],
    defaultProtocol: offered[0] ?? 0,
    t1: {
      // §11.4.2: IFSC 0x01-0xFE; 0x00 and 0xFF are invalid, so keep the default 32.
      ifsc: ifsc !== undefined && ifsc >= 1 && ifsc <= 0xfe ? ifsc : 32,
      bwi: bwiCwi !== undefined ? bwiCwi >> 4 : 4,
      cwi: bwiCwi !== undefined ? bwiCwi & 0x0f : 13,
      edc: edc !== undefined && (edc & 1) === 1 ? 'crc' : 'lrc',
    },
    classIndicator: firstFor(15, 'ta'),
    historical,
    tckValid,
  };
}

/** ISO/IEC 7816-3 Table 7: clock rate conversion integer Fi and fmax (MHz) by FI. */
export const FI_TABLE: Readonly<Record<number, { fi: number; fMaxMHz: number }>> = {
  0x0: { fi: 372, fMaxMHz: 4 },
  0x1: { fi: 372, fMaxMHz: 5 },
  0x2: { fi: 558, fMaxMHz: 6 },
  0x3: { fi: 744, fMaxMHz: 8 },
  0x4: { fi: 1116, fMaxMHz: 12 },
  0x5: { fi: 1488, fMaxMHz: 16 },
  0x6: { fi: 1860, fMaxMHz: 20 },
  0x9: { fi: 512, fMaxMHz: 5 },
  0xa: { fi: 768, fMaxMHz: 7.5 },
  0xb: { fi: 1024, fMaxMHz: 10 },
  0xc: { fi: 1536, fMaxMHz: 15 },
  0xd: { fi: 2048, fMaxMHz: 20 },
};

/** ISO/IEC 7816-3 Table 8: baud rate adjustment integer Di by DI. */
export const DI_TABLE: Readonly<Record<number, number>> = { 0x1: 1, 0x2: 2, 0x3: 4, 0x4: 8, 0x5: 16, 0x6: 32, 0x7: 64, 0x8: 12, 0x9: 20 };

/** Fi and Di from a TA1 byte (or the defaults 372 and 1 when absent or RFU). */
export function clockFactors(ta1: number | undefined): { fi: number; di: number } {
  if (ta1 === undefined) return { fi: 372, di: 1 };
  const fi = FI_TABLE[ta1 >> 4]?.fi;
  const di = DI_TABLE[ta1 & 0x0f];
  return fi === undefined || di === undefined ? { fi: 372, di: 1 } : { fi, di };
}

/** The bit rate in bps at clock `clockKHz` with TA1 = `ta1` (§7.1: etu = F/D × 1/f). */
export function bitRate(clockKHz: number, ta1: number | undefined): number {
  const { fi, di } = clockFactors(ta1);
  return Math.floor((clockKHz * 1000 * di) / fi);
}
