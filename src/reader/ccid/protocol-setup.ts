/**
 * After the ATR, what the host does before the first APDU, decided from the ATR, the class
 * descriptor and the reader's quirks (a pure function, after libccid's
 * IFDHSetProtocolParameters):
 *
 *   protocol    T=1 when card and reader both offer it, else T=0; a card in specific mode
 *               (TA2) allows only its protocol (ISO/IEC 7816-3 §6.3.1)
 *   PPS         sent by the host (through XfrBlock, TPDU level only) unless the reader
 *               negotiates itself (dwFeatures 0x40) or makes the PPS from SetParameters (0x80);
 *               needed when the card's TA1 rate is faster than the default and the reader can
 *               go that fast, or when the protocol is not the card's first (§9)
 *   SetParameters the T=0 or T=1 protocol data structure (CCID §6.1.7), unless 0x40
 *   IFSD        at TPDU level with T=1, S(IFS request) from the host unless the reader does it
 *               (0x400); IFSD no larger than dwMaxIFSD, 254 and what a CCID message carries
 */
import { CardProtocolMismatchError } from '../errors.ts';
import { bitRate, clockFactors, type Atr } from '../iso7816/atr.ts';
import type { PpsRequest } from '../iso7816/pps.ts';
import { edcLength } from '../iso7816/t1/block.ts';
import { CCID_FEATURE, exchangeLevelOf, hasFeature, supportsT0, supportsT1, type CcidClassDescriptor, type ExchangeLevel } from './class-descriptor.ts';
import { CCID_HEADER } from './messages.ts';

export interface ProtocolSetup {
  protocol: 0 | 1;
  level: ExchangeLevel;
  /** PPS the host sends itself (TPDU level). */
  pps: PpsRequest | undefined;
  /** abProtocolDataStructure of PC_to_RDR_SetParameters, with bProtocolNum = protocol. */
  setParameters: Uint8Array<ArrayBuffer> | undefined;
  /** TPDU-level T=1: the IFSD to announce with S(IFS request), when the host must. */
  negotiateIfsd: number | undefined;
  t1: { ifsc: number; ifsd: number; edc: 'lrc' | 'crc'; maxInf: number };
  /** How long one reply may take before the reader sends a time extension (BWT or WWT, with margin). */
  replyTimeoutMs: number;
}

export interface ReaderCapabilities {
  descriptor: CcidClassDescriptor;
  /** GET_DATA_RATES answer; empty when the reader gave none. */
  dataRates: readonly number[];
  /** After quirks. */
  maxMessageLength: number;
  maxDataRate: number;
  maxIfsd: number;
  /** Quirk: the reader cannot do PPS; stay with the card's default protocol and rate. */
  noPps?: boolean | undefined;
}

export function chooseProtocol(atr: Atr, descriptor: CcidClassDescriptor): 0 | 1 {
  const card = atr.specificMode ? [atr.specificMode.protocol] : atr.protocols;
  if (card.includes(1) && supportsT1(descriptor)) return 1;
  if (card.includes(0) && supportsT0(descriptor)) return 0;
  throw new CardProtocolMismatchError({ detail: `card offers T=${card.join(',T=')}, reader dwProtocols 0x${descriptor.dwProtocols.toString(16)}` });
}

/** PPS1 to ask for: the card's TA1 when it is faster than the default and the reader can follow (libccid's rule). */
function choosePps1(atr: Atr, reader: ReaderCapabilities): number | undefined {
  if (atr.ta1 === undefined) return undefined;
  const clock = reader.descriptor.dwDefaultClock;
  const supported = (rate: number): boolean =>
    rate <= reader.maxDataRate && (reader.dataRates.length === 0 || reader.dataRates.some((r) => Math.abs(r - rate) <= 2));
  const defaultRate = bitRate(clock, undefined);
  const cardRate = bitRate(clock, atr.ta1);
  if (cardRate > defaultRate && supported(cardRate)) return atr.ta1;
  // Too fast for the reader: try a smaller DI with the same FI (TA1 down to x4).
  for (let ta1 = atr.ta1 - 1; (ta1 & 0x0f) >= 0x04 && ta1 >> 4 === atr.ta1 >> 4 && cardRate > reader.maxDataRate; ta1--) {
    const rate = bitRate(clock, ta1);
    if (rate > defaultRate && supported(rate)) return ta1;
  }
  return undefined;
}

/**
 * How long one reply may take: BWT (§11.4.3, BWT = 11 etu + 2^BWI × 960 × Fd/f) or WWT (§10.2,
 * WT = WI × 960 × Fi/f), plus 260 characters of 12 etu, doubled, at least 1 s. A card that
 * needs longer asks for it (WTX, NULL bytes), and the reader turns that into time extensions.
 */
function replyTimeout(atr: Atr, protocol: 0 | 1, pps1: number | undefined, clockKHz: number): number {
  const f = Math.max(1, clockKHz) * 1000;
  const { fi, di } = clockFactors(pps1);
  const etu = fi / di / f;
  const wait = protocol === 1 ? 11 * etu + (2 ** atr.t1.bwi * 960 * 372) / f : (atr.waitingInteger * 960 * fi) / f;
  return Math.max(1000, Math.ceil((wait + 260 * 12 * etu) * 2000));
}

export function planProtocolSetup(atr: Atr, reader: ReaderCapabilities): ProtocolSetup {
  const { descriptor } = reader;
  const level = exchangeLevelOf(descriptor.dwFeatures) ?? 'tpdu';
  const protocol = chooseProtocol(atr, descriptor);
  const readerNegotiates = hasFeature(descriptor, CCID_FEATURE.autoParameterNegotiation);
  const pps1 = readerNegotiates || reader.noPps ? undefined : choosePps1(atr, reader);
  const hostPps =
    level === 'tpdu' && !readerNegotiates && !reader.noPps && !hasFeature(descriptor, CCID_FEATURE.autoPps) && atr.specificMode === undefined && (protocol !== atr.defaultProtocol || pps1 !== undefined);
  const fidi = pps1 ?? 0x11;
  const inverse = atr.convention === 'inverse' ? 0x02 : 0;
  const setParameters = readerNegotiates
    ? undefined
    : protocol === 1
      ? Uint8Array.from([fidi, 0x10 | (atr.t1.edc === 'crc' ? 1 : 0) | inverse, atr.extraGuardTime, (atr.t1.bwi << 4) | atr.t1.cwi, 0x00, atr.t1.ifsc, 0x00])
      : Uint8Array.from([fidi, inverse, atr.extraGuardTime, atr.waitingInteger, 0x00]);
  const maxInf = Math.min(254, reader.maxMessageLength - CCID_HEADER - 3 - edcLength(atr.t1.edc));
  const ifsd = Math.max(1, Math.min(reader.maxIfsd > 0 ? reader.maxIfsd : 32, 254, maxInf));
  const tpduT1 = level === 'tpdu' && protocol === 1;
  return {
    protocol,
    level,
    pps: hostPps ? { protocol, pps1 } : undefined,
    setParameters,
    negotiateIfsd: tpduT1 && !hasFeature(descriptor, CCID_FEATURE.autoIfsd) ? ifsd : undefined,
    t1: { ifsc: atr.t1.ifsc, ifsd: tpduT1 && hasFeature(descriptor, CCID_FEATURE.autoIfsd) ? Math.min(254, reader.maxIfsd || 254) : ifsd, edc: atr.t1.edc, maxInf },
    replyTimeoutMs: replyTimeout(atr, protocol, pps1, descriptor.dwDefaultClock),
  };
}
