import { beforeAll, describe, expect, it } from 'vitest';
import { WrongPinError } from '../../src/card/apdu/status-errors.ts';
import { TEXT_EF } from '../../src/card/card-layout.ts';
import { CardDataError } from '../../src/card/errors-data.ts';
import { openCardSession } from '../../src/card/session/card-session.ts';
import { buildCardImage, residentCollationNumberB, TRAINING_PINS } from '../../src/card/training/card-image-builder.ts';
import { trainingAuthority, trainingResident } from '../../src/card/training/committed-data.ts';
import type { TrainingAuthority } from '../../src/card/training/training-authority.ts';
import { parseCvCertificate } from '../../src/card/text-ap/cv-certificate.ts';
import { encodeAttributesRecord, parseAttributesRecord, splitName, type FourAttributes } from '../../src/card/text-ap/four-attributes.ts';
import { verifyAttributesIntegrity } from '../../src/card/text-ap/integrity.ts';
import { parseIntegrityRecord } from '../../src/card/text-ap/integrity-record.ts';
import { readFourAttributes } from '../../src/card/text-ap/read-attributes.ts';
import type { VirtualCardImage } from '../../src/card/virtual/card-image.ts';
import { VirtualMyNumberCard } from '../../src/card/virtual/virtual-card.ts';
import { VirtualCardTransport } from '../../src/card/virtual/virtual-transport.ts';
import { hexToBytes } from '../../src/protocol/encoding.ts';

let authority: TrainingAuthority;
let image: VirtualCardImage;

beforeAll(async () => {
  authority = await trainingAuthority();
  image = await buildCardImage(trainingResident('R01'), authority);
});

describe('the 4 attributes record (FF20)', () => {
  const attributes: FourAttributes = { name: '佐藤\u3000花子', address: '宮城県石巻市中央２丁目８番１５号', birthDate: '1980-02-17', sex: 'female' };

  it('reads back what the card layout holds', () => {
    const { attributes: parsed, signedPart } = parseAttributesRecord(encodeAttributesRecord(attributes));
    expect(parsed).toEqual(attributes);
    expect(signedPart[0]).toBe(0xdf);
    expect(signedPart[1]).toBe(0x22);
    expect(splitName(parsed.name)).toEqual({ familyName: '佐藤', givenName: '花子' });
    expect(splitName('NGUYEN')).toEqual({ familyName: 'NGUYEN', givenName: '' });
  });

  it('maps every sex code', () => {
    for (const sex of ['male', 'female', 'not-known', 'not-applicable', 'other'] as const) {
      expect(parseAttributesRecord(encodeAttributesRecord({ ...attributes, sex })).attributes.sex).toBe(sex);
    }
  });

  it('refuses records that are not the card\'s', () => {
    expect(() => parseAttributesRecord(hexToBytes('ff2005df2102aabb'))).toThrow(/no name/);
    const badDate = encodeAttributesRecord({ ...attributes, birthDate: '1980-02-30' });
    expect(() => parseAttributesRecord(badDate)).toThrow(/YYYYMMDD/);
    const badSex = hexToBytes('ff200edf2201e3df2301e4df2401e5df250135');
    expect(() => parseAttributesRecord(badSex)).toThrow(CardDataError);
    expect(() => parseAttributesRecord(hexToBytes('ff2017df2201ffdf230141df24083139383030323137df250131'))).toThrow(/not UTF-8/);
  });
});

describe('integrity of the 4 attributes', () => {
  it('verifies the card\'s record with the training CV issuer key', async () => {
    const result = await verifyAttributesIntegrity({
      attributes: parseAttributesRecord(image.text.attributesRecord),
      record: parseIntegrityRecord(image.text.integrityRecord),
      cvCertificate: image.text.cvCertificate,
      cvIssuerKey: authority.cvIssuerPublicKey,
    });
    expect(result).toEqual({ verified: true, attributesDigestMatches: true, recordSignatureValid: true, cvCertificate: 'trusted' });
  });

  it('catches changed attributes, a forged record, an untrusted CV certificate, and no issuer key', async () => {
    const record = parseIntegrityRecord(image.text.integrityRecord);
    const changed = encodeAttributesRecord({ name: '佐藤\u3000花子', address: '宮城県石巻市中央２丁目８番１６号', birthDate: '1980-02-17', sex: 'female' });
    const tampered = await verifyAttributesIntegrity({ attributes: parseAttributesRecord(changed), record, cvCertificate: image.text.cvCertificate, cvIssuerKey: authority.cvIssuerPublicKey });
    expect(tampered).toMatchObject({ verified: false, attributesDigestMatches: false, recordSignatureValid: true });

    const forged = { ...record, signature: new Uint8Array(record.signature).map((b, i) => (i === 10 ? b ^ 1 : b)) };
    const forgedResult = await verifyAttributesIntegrity({ attributes: parseAttributesRecord(image.text.attributesRecord), record: forged, cvCertificate: image.text.cvCertificate, cvIssuerKey: authority.cvIssuerPublicKey });
    expect(forgedResult).toMatchObject({ verified: false, recordSignatureValid: false });

    const someoneElse = parseCvCertificate(image.text.cvCertificate).publicKey;
    const untrusted = await verifyAttributesIntegrity({ attributes: parseAttributesRecord(image.text.attributesRecord), record, cvCertificate: image.text.cvCertificate, cvIssuerKey: someoneElse });
    expect(untrusted).toMatchObject({ verified: false, cvCertificate: 'untrusted' });

    const noKey = await verifyAttributesIntegrity({ attributes: parseAttributesRecord(image.text.attributesRecord), record, cvCertificate: image.text.cvCertificate, cvIssuerKey: undefined });
    expect(noKey).toMatchObject({ verified: false, cvCertificate: 'no-issuer-key', recordSignatureValid: true });
  });

  it('parses the CV certificate: 16-byte references, exponent, modulus', () => {
    const cv = parseCvCertificate(image.text.cvCertificate);
    expect(new TextDecoder().decode(cv.authorityReference)).toBe('JPKITRAININGCVCA');
    expect(cv.holderReference.length).toBe(16);
    expect(cv.publicKey.modulus.length).toBe(256);
    expect(cv.signature.length).toBe(256);
    expect(() => parseCvCertificate(hexToBytes('7f2106 5f4e03 000102'))).toThrow(CardDataError);
  });
});

describe('readFourAttributes on a virtual card', () => {
  const session = () => openCardSession(new VirtualCardTransport(new VirtualMyNumberCard(image)));

  it('opens the text AP with the 4-digit PIN', async () => {
    const reading = await readFourAttributes(session(), { kind: 'pin', pin: TRAINING_PINS.textAp }, { cvIssuerKey: authority.cvIssuerPublicKey });
    expect(reading).toMatchObject({ name: '佐藤\u3000花子', address: '宮城県石巻市中央２丁目８番１５号', birthDate: '1980-02-17', sex: 'female' });
    expect(reading.integrity.verified).toBe(true);
  });

  it('opens it with 照合番号B built from what is printed on the card', async () => {
    const resident = trainingResident('R01');
    expect(residentCollationNumberB(resident)).toBe('55021720352285');
    const reading = await readFourAttributes(session(), { kind: 'collation-number-b', value: residentCollationNumberB(resident) }, { cvIssuerKey: authority.cvIssuerPublicKey });
    expect(reading.integrity.verified).toBe(true);
  });

  it('a wrong 照合番号B costs one try and says how many are left', async () => {
    const card = new VirtualMyNumberCard(image);
    const error = await readFourAttributes(openCardSession(new VirtualCardTransport(card)), { kind: 'collation-number-b', value: '55021720352286' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongPinError);
    expect((error as WrongPinError).triesLeft).toBe(9);
    expect((error as WrongPinError).credential).toBe('card-numbers');
    expect((error as WrongPinError).messageIn('en')).toMatch(/^The card numbers .* 9 more wrong tries lock them\.$/);
    expect((error as WrongPinError).messageIn('ja')).not.toMatch(/暗証番号/);
    expect(card.triesLeft('text', TEXT_EF.collationNumberB)).toBe(9);
  });

  it('reads every fixed training resident, across the era boundaries', async () => {
    for (const id of ['R02', 'R03', 'R04', 'R05', 'R07', 'R08', 'R12']) {
      const resident = trainingResident(id);
      const card = new VirtualMyNumberCard(await buildCardImage(resident, authority));
      const reading = await readFourAttributes(openCardSession(new VirtualCardTransport(card)), { kind: 'collation-number-b', value: residentCollationNumberB(resident) }, { cvIssuerKey: authority.cvIssuerPublicKey });
      expect(reading.birthDate, id).toBe(resident.birthDate);
      expect(reading.name, id).toBe(`${resident.familyName}\u3000${resident.givenName}`);
      expect(reading.integrity.verified, id).toBe(true);
    }
  });
});
