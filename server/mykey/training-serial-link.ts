/**
 * The training stand-in for J-LIS's old/new serial link: a renewed training certificate's serial
 * is derived from its predecessor's (src/card/training/renewal.ts), so the predecessor of a
 * renewal of any committed resident's certificate is known from the training data alone.
 */
import { parseCertificate, serialToHex, type Certificate } from '../../src/pki/certificate.ts';
import { renewedSerial } from '../../src/card/training/renewal.ts';
import type { TrainingResident } from '../../src/card/training/resident-generator.ts';
import { base64ToBytes, bytesToHex } from '../../src/protocol/encoding.ts';
import type { CertificateRef, SerialLinkService } from './serial-link.ts';

export class TrainingSerialLinks implements SerialLinkService {
  readonly name = 'training';
  private table: Promise<Map<string, CertificateRef>> | undefined;

  constructor(private readonly residents: readonly TrainingResident[]) {}

  private async build(): Promise<Map<string, CertificateRef>> {
    const table = new Map<string, CertificateRef>();
    for (const resident of this.residents) {
      const original = parseCertificate(base64ToBytes(resident.userAuth.certificate));
      const predecessor = { issuerKeyId: bytesToHex(original.authorityKeyIdentifier ?? new Uint8Array()), serial: original.serialHex };
      table.set(serialToHex(await renewedSerial(original.serialNumber)), predecessor);
    }
    return table;
  }

  async predecessorOf(certificate: Certificate): Promise<CertificateRef | undefined> {
    this.table ??= this.build();
    return (await this.table).get(certificate.serialHex);
  }
}
