/**
 * A virtual My Number Card: answers the APDUs a real card answers (SELECT by AID and by EF,
 * READ BINARY by offset and by SFI with short or extended Le, VERIFY with real retry counters
 * and blocking, COMPUTE DIGITAL SIGNATURE with its private key after the PIN, GET RESPONSE) from
 * a VirtualCardImage, with the access rules of the card layout. For training and tests only.
 */
import { decodeCommand, SHORT_MAX_NE, type DecodedCommand } from '../apdu/command.ts';
import { MalformedApduError } from '../apdu/errors.ts';
import { INS, READ_BINARY_SFI_FLAG, SELECT_BY, VERIFY_CURRENT_EF } from '../apdu/instructions.ts';
import { encodeResponse } from '../apdu/response.ts';
import { CARD_APPLICATIONS, JPKI_EF, TEXT_EF, type ApplicationName, type CardFile } from '../card-layout.ts';
import { bytesEqual } from '../../protocol/encoding.ts';
import type { VirtualCardImage } from './card-image.ts';
import { MessageTooLongError, rsaPrivateKeyFromJwk, signDigestInfo, type RsaPrivateKey } from './rsa-signer.ts';

/** The My Number Card's contact ATR: T=1, IFSC 254 (TCK checked). */
export const MY_NUMBER_CARD_ATR = new Uint8Array([0x3b, 0xe0, 0x00, 0xff, 0x81, 0x31, 0xfe, 0x45, 0x14]);

export interface VirtualCardOptions {
  /** Accept extended-length APDUs (the real card appears to). Default true. */
  extendedLength?: boolean;
  /** 'get-response': answer data with 61xx and hand it out on GET RESPONSE, as a T=0 card does. */
  responseChaining?: 'none' | 'get-response';
  /** READ BINARY asking past the end: the bytes there and 6282 (ISO), or 6Cxx with the exact count. */
  readPastEnd?: '6282' | '6Cxx';
}

/** Space the EFs take on the chip; reads inside it succeed, the rest is padding. */
const ALLOCATED: Readonly<Record<string, number>> = {
  'jpki:0001': 2048,
  'jpki:0002': 2048,
  'jpki:000a': 2048,
  'jpki:000b': 2048,
  'text:0001': 17,
  'text:0002': 512,
  'text:0003': 512,
  'text:0004': 1024,
};

type Pin = { value: Uint8Array; triesLeft: number; verified: boolean; limit: number };

const ascii = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
const key = (app: ApplicationName, fid: number): string => `${app}:${fid.toString(16).padStart(4, '0')}`;

export class VirtualMyNumberCard {
  readonly atr = MY_NUMBER_CARD_ATR;
  private readonly files = new Map<string, Uint8Array>();
  private readonly pins = new Map<string, Pin>();
  private readonly keys = new Map<string, RsaPrivateKey>();
  private readonly options: Required<VirtualCardOptions>;
  private app: ApplicationName | undefined;
  private ef: number | undefined;
  private pending: Uint8Array | undefined;

  constructor(image: VirtualCardImage, options: VirtualCardOptions = {}) {
    this.options = { extendedLength: true, responseChaining: 'none', readPastEnd: '6282', ...options };
    const { jpki, text } = image;
    this.putFile('jpki', JPKI_EF.tokenInfo, jpki.tokenInfo);
    this.putFile('jpki', JPKI_EF.userAuthCertificate, jpki.userAuthCertificate);
    this.putFile('jpki', JPKI_EF.userAuthCaCertificate, jpki.userAuthCaCertificate);
    this.putFile('jpki', JPKI_EF.signingCertificate, jpki.signingCertificate ?? new Uint8Array(0));
    this.putFile('jpki', JPKI_EF.signingCaCertificate, jpki.signingCaCertificate);
    this.putFile('text', TEXT_EF.myNumber, text.myNumberFile);
    this.putFile('text', TEXT_EF.attributes, text.attributesRecord);
    this.putFile('text', TEXT_EF.integrityRecord, text.integrityRecord);
    this.putFile('text', TEXT_EF.cvCertificate, text.cvCertificate);
    this.putPin('jpki', JPKI_EF.userAuthPin, jpki.userAuthPin);
    this.putPin('jpki', JPKI_EF.signingPassword, jpki.signingPassword);
    this.putPin('text', TEXT_EF.pin, text.pin);
    this.putPin('text', TEXT_EF.collationNumberA, text.collationNumberA);
    this.putPin('text', TEXT_EF.collationNumberB, text.collationNumberB);
    this.keys.set(key('jpki', JPKI_EF.userAuthKey), rsaPrivateKeyFromJwk(jpki.userAuthKey));
    if (jpki.signingKey) this.keys.set(key('jpki', JPKI_EF.signingKey), rsaPrivateKeyFromJwk(jpki.signingKey));
  }

  private putFile(app: ApplicationName, fid: number, content: Uint8Array): void {
    const size = Math.max(content.length, ALLOCATED[key(app, fid)] ?? content.length);
    const bytes = new Uint8Array(size);
    bytes.set(content);
    this.files.set(key(app, fid), bytes);
  }

  private putPin(app: ApplicationName, fid: number, value: string): void {
    const file = this.layoutFile(app, fid);
    const limit = file?.kind === 'pin' ? file.retryLimit : 3;
    this.pins.set(key(app, fid), { value: ascii(value), triesLeft: limit, verified: false, limit });
  }

  private layoutFile(app: ApplicationName, fid: number): CardFile | undefined {
    return CARD_APPLICATIONS.find((a) => a.name === app)?.files.find((f) => f.fid === fid);
  }

  /** Power cycle: nothing selected, every PIN unverified (retry counters are kept, as on the chip). */
  reset(): void {
    this.app = undefined;
    this.ef = undefined;
    this.pending = undefined;
    for (const pin of this.pins.values()) pin.verified = false;
  }

  /** Tries left on a PIN EF (test and fault set-up). */
  triesLeft(app: ApplicationName, fid: number): number {
    return this.pin(app, fid).triesLeft;
  }

  /** Fault set-up: set a PIN's counter, 0 = blocked. */
  setTriesLeft(app: ApplicationName, fid: number, tries: number): void {
    const pin = this.pin(app, fid);
    pin.triesLeft = Math.max(0, Math.min(tries, pin.limit));
  }

  private pin(app: ApplicationName, fid: number): Pin {
    const pin = this.pins.get(key(app, fid));
    if (!pin) throw new Error(`no PIN EF ${key(app, fid)}`);
    return pin;
  }

  async process(bytes: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
    let command: DecodedCommand;
    try {
      command = decodeCommand(bytes);
    } catch (error) {
      if (error instanceof MalformedApduError) return encodeResponse(new Uint8Array(0), 0x6700);
      throw error;
    }
    if (command.extended && !this.options.extendedLength) return encodeResponse(new Uint8Array(0), 0x6700);
    if (command.ins !== INS.getResponse) this.pending = undefined;
    const [data, sw] = await this.dispatch(command);
    if (this.options.responseChaining === 'get-response' && data.length > 0 && command.ins !== INS.getResponse && sw === 0x9000) {
      this.pending = data;
      return encodeResponse(new Uint8Array(0), 0x6100 | (Math.min(data.length, SHORT_MAX_NE) & 0xff));
    }
    return encodeResponse(data, sw);
  }

  private async dispatch(c: DecodedCommand): Promise<[Uint8Array, number]> {
    const none = new Uint8Array(0);
    if (c.cla !== 0x00 && c.cla !== 0x80) return [none, 0x6e00];
    if (c.cla === 0x00 && c.ins === INS.select) return [none, this.select(c)];
    if (c.cla === 0x00 && c.ins === INS.readBinary) return this.readBinary(c);
    if (c.cla === 0x00 && c.ins === INS.verify) return [none, this.verify(c)];
    if (c.cla === 0x80 && c.ins === INS.computeDigitalSignature) return this.sign(c);
    if (c.cla === 0x00 && c.ins === INS.getResponse) return this.getResponse(c);
    return [none, c.cla === 0x80 ? 0x6e00 : 0x6d00];
  }

  private select(c: DecodedCommand): number {
    if (c.p2 !== 0x0c && c.p2 !== 0x00) return 0x6a86;
    if (c.p1 === SELECT_BY.dfName) {
      const target = CARD_APPLICATIONS.find((a) => bytesEqual(a.aid, c.data));
      if (!target) return 0x6a82;
      this.app = target.name;
      this.ef = undefined;
      return 0x9000;
    }
    if (c.p1 === SELECT_BY.childEf) {
      if (c.data.length !== 2) return 0x6700;
      const fid = ((c.data[0] ?? 0) << 8) | (c.data[1] ?? 0);
      if (!this.app || !this.exists(this.app, fid)) return 0x6a82;
      this.ef = fid;
      return 0x9000;
    }
    return 0x6a86;
  }

  private exists(app: ApplicationName, fid: number): boolean {
    const k = key(app, fid);
    return this.files.has(k) || this.pins.has(k) || this.keys.has(k) || this.layoutFile(app, fid)?.kind === 'key';
  }

  private readBinary(c: DecodedCommand): [Uint8Array, number] {
    const none = new Uint8Array(0);
    let offset: number;
    if ((c.p1 & READ_BINARY_SFI_FLAG) !== 0) {
      if ((c.p1 & 0x60) !== 0) return [none, 0x6a86];
      const sfi = c.p1 & 0x1f;
      if (!this.app || !this.files.has(key(this.app, sfi))) return [none, 0x6a82];
      this.ef = sfi;
      offset = c.p2;
    } else {
      offset = (c.p1 << 8) | c.p2;
    }
    if (!this.app || this.ef === undefined) return [none, 0x6986];
    const content = this.files.get(key(this.app, this.ef));
    if (!content) return [none, 0x6981];
    const layout = this.layoutFile(this.app, this.ef);
    const gates = layout?.kind === 'binary' ? layout.readableAfter : [];
    if (gates.length > 0 && !gates.some((fid) => this.pins.get(key(this.app as ApplicationName, fid))?.verified)) return [none, 0x6982];
    if (offset >= content.length) return [none, 0x6b00];
    const ne = c.ne === 0 ? SHORT_MAX_NE : c.ne;
    const available = content.length - offset;
    if (ne > available) {
      if (this.options.readPastEnd === '6Cxx' && !c.extended) return [none, 0x6c00 | (available & 0xff)];
      return [content.slice(offset), 0x6282];
    }
    return [content.slice(offset, offset + ne), 0x9000];
  }

  private verify(c: DecodedCommand): number {
    if (c.p1 !== 0x00 || c.p2 !== VERIFY_CURRENT_EF) return 0x6a86;
    if (!this.app || this.ef === undefined) return 0x6986;
    const pin = this.pins.get(key(this.app, this.ef));
    if (!pin) return 0x6981;
    // ISO/IEC 7816-4 §11.5.6: with no data, report the status and spend nothing.
    if (c.data.length === 0) {
      if (pin.triesLeft === 0) return 0x6983;
      return pin.verified ? 0x9000 : 0x63c0 | pin.triesLeft;
    }
    if (pin.triesLeft === 0) return 0x6983;
    if (bytesEqual(c.data, pin.value)) {
      pin.triesLeft = pin.limit;
      pin.verified = true;
      return 0x9000;
    }
    pin.triesLeft -= 1;
    pin.verified = false;
    return 0x63c0 | pin.triesLeft;
  }

  private async sign(c: DecodedCommand): Promise<[Uint8Array, number]> {
    const none = new Uint8Array(0);
    if (c.p1 !== 0x00 || c.p2 !== 0x80) return [none, 0x6a86];
    if (this.app !== 'jpki' || this.ef === undefined) return [none, 0x6986];
    const layout = this.layoutFile('jpki', this.ef);
    if (layout?.kind !== 'key') return [none, 0x6981];
    const privateKey = this.keys.get(key('jpki', this.ef));
    if (!privateKey) return [none, 0x6a88];
    if (!this.pins.get(key('jpki', layout.usableAfter))?.verified) return [none, 0x6982];
    if (c.data.length === 0) return [none, 0x6700];
    try {
      const signature = signDigestInfo(privateKey, c.data);
      if (c.ne > 0 && c.ne < signature.length && !c.extended) return [none, 0x6c00 | (signature.length & 0xff)];
      return [signature, 0x9000];
    } catch (error) {
      if (error instanceof MessageTooLongError) return [none, 0x6700];
      throw error;
    }
  }

  private getResponse(c: DecodedCommand): [Uint8Array, number] {
    const pending = this.pending;
    if (!pending) return [new Uint8Array(0), 0x6985];
    const ne = c.ne === 0 ? SHORT_MAX_NE : c.ne;
    const part = pending.slice(0, ne);
    const rest = pending.subarray(part.length);
    this.pending = rest.length > 0 ? rest : undefined;
    return [part, rest.length > 0 ? 0x6100 | (Math.min(rest.length, SHORT_MAX_NE) & 0xff) : 0x9000];
  }
}
