/** PEM (RFC 7468) and "PEM or DER" input, as files and pasted text arrive. */
import { base64ToBytes, bytesToBase64 } from '../protocol/encoding.ts';
import { MalformedCertificateError } from './errors.ts';

export interface PemBlock {
  label: string;
  der: Uint8Array<ArrayBuffer>;
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

/** Every PEM block in the text, in order. */
export function parsePem(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  for (const match of text.matchAll(PEM_BLOCK)) {
    const [, label = '', body = ''] = match;
    // RFC 7468 §2: explanatory headers (e.g. "Proc-Type:") are not part of strict PEM; refuse them.
    if (body.includes(':')) throw new MalformedCertificateError(`PEM block "${label}" has headers`);
    try {
      blocks.push({ label, der: base64ToBytes(body) });
    } catch (cause) {
      throw new MalformedCertificateError(`PEM block "${label}" is not valid base64`, { cause });
    }
  }
  return blocks;
}

export function toPem(label: string, der: Uint8Array): string {
  const lines = bytesToBase64(der).match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

const PEM_MARKER = new TextEncoder().encode('-----BEGIN ');

function startsWithPem(bytes: Uint8Array): boolean {
  // Allow leading whitespace or a UTF-8 BOM before the marker.
  let i = 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09 || bytes[i] === 0xef || bytes[i] === 0xbb || bytes[i] === 0xbf)) i++;
  return PEM_MARKER.every((byte, j) => bytes[i + j] === byte);
}

/**
 * The DER blocks with `label` from a file that may be PEM or raw DER. Raw DER is returned as
 * one block; PEM must contain at least one block with the label.
 */
export function derBlocksFromFile(bytes: Uint8Array<ArrayBuffer>, label: string): Uint8Array<ArrayBuffer>[] {
  if (!startsWithPem(bytes)) return [bytes];
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const blocks = parsePem(text).filter((b) => b.label === label);
  if (blocks.length === 0) throw new MalformedCertificateError(`no "${label}" PEM block`);
  return blocks.map((b) => b.der);
}
