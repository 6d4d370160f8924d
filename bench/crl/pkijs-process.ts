/**
 * PKI.js on a CRL, for comparison: asn1js with its node limit raised so it accepts the list,
 * then CertificateRevocationList and its WebCrypto signature check. Prints one JSON line.
 *
 *   node --import tsx bench/crl/pkijs-process.ts CRL CA.pem
 */
import { readFileSync } from 'node:fs';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { derBlocksFromFile } from '../../src/pki/pem.ts';

const [crlPath, caPath] = process.argv.slice(2);
if (!crlPath || !caPath) throw new Error('usage: CRL CA.pem');
const started = performance.now();
const bytes = new Uint8Array(readFileSync(crlPath));
// The default maxNodes (10,000) refuses any CRL with more than about 1,380 entries.
const asn1 = asn1js.fromBER(bytes, { maxNodes: 100_000_000 });
if (asn1.offset === -1) throw new Error(asn1.result.error);
const crl = new pkijs.CertificateRevocationList({ schema: asn1.result });
const [caDer] = derBlocksFromFile(new Uint8Array(readFileSync(caPath)), 'CERTIFICATE');
const issuer = pkijs.Certificate.fromBER(caDer ?? new Uint8Array());
const verified = await crl.verify({ issuerCertificate: issuer });
const entries = crl.revokedCertificates?.length ?? 0;
console.log(JSON.stringify({ entries, verified, ms: Math.round(performance.now() - started), maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }));
