/**
 * The resident's proof at the counter that the card on the reader is theirs: the card signed the
 * server's fresh challenge with the user-authentication key, which it does only after the
 * 4-digit PIN (src/card: proveUserAuthKey / signWithUserAuthKey). The challenge is spent first,
 * so a failed or replayed proof never gets a second try with it.
 */
import { verifyUserAuthSignature } from '../../src/card/jpki/user-auth.ts';
import { base64ToBytes, InvalidEncodingError } from '../../src/protocol/encoding.ts';
import type { KeyPossessionProofInput } from '../../src/protocol/mykey-api.ts';
import type { Clock } from '../clock.ts';
import { ApiError } from '../errors.ts';
import type { ChallengesRepository } from '../storage/mykey-challenges-repository.ts';
import { presentCertificate, type PresentedCertificate } from './presented-certificate.ts';

export class KeyPossession {
  constructor(
    private readonly challenges: ChallengesRepository,
    private readonly clock: Clock,
  ) {}

  /** The certificate of a proof whose signature verifies; 403 key_possession_not_proven otherwise. */
  async verify(deviceId: string, proof: KeyPossessionProofInput): Promise<PresentedCertificate> {
    const presented = presentCertificate(proof.certificate);
    const challenge = await this.challenges.spend(proof.challengeId, deviceId, this.clock.now());
    if (!challenge) throw new ApiError('key_possession_not_proven', 'The challenge is unknown, used, expired or another device\'s: ask for a new one.');
    let signature: Uint8Array;
    try {
      signature = base64ToBytes(proof.signature);
    } catch (error) {
      if (error instanceof InvalidEncodingError) throw new ApiError('key_possession_not_proven');
      throw error;
    }
    // A key WebCrypto cannot import, or a signature of the wrong size, proves nothing either.
    const verified = await verifyUserAuthSignature(presented.certificate, challenge, signature).catch(() => false);
    if (!verified) throw new ApiError('key_possession_not_proven');
    return presented;
  }
}
