/**
 * What a virtual My Number Card holds: the bytes of each EF and the secrets behind its PIN and
 * key EFs. Training residents become card images (see training/card-image-builder.ts); tests
 * build odd ones by hand.
 */

export interface VirtualCardImage {
  jpki: {
    tokenInfo: Uint8Array;
    userAuthCertificate: Uint8Array;
    userAuthCaCertificate: Uint8Array;
    /** Absent for cards issued without a signing certificate (residents under 15). */
    signingCertificate?: Uint8Array;
    signingCaCertificate: Uint8Array;
    /** Private keys as extractable-JWK exports. */
    userAuthKey: JsonWebKey;
    signingKey?: JsonWebKey;
    userAuthPin: string;
    signingPassword: string;
  };
  text: {
    /** EF 0001 as stored (the individual number; only the privacy guard keeps it unread). */
    myNumberFile: Uint8Array;
    attributesRecord: Uint8Array;
    integrityRecord: Uint8Array;
    cvCertificate: Uint8Array;
    pin: string;
    /** 照合番号A, the individual number's 12 digits. */
    collationNumberA: string;
    collationNumberB: string;
  };
}

/** "JPKIAPICCTOKEN2" padded with spaces to the EF's 32 bytes. */
export function jpkiTokenInfo(): Uint8Array {
  const bytes = new Uint8Array(32).fill(0x20);
  const label = 'JPKIAPICCTOKEN2';
  for (let i = 0; i < label.length; i++) bytes[i] = label.charCodeAt(i);
  return bytes;
}
