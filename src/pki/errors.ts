/** PKI errors that reach people: a certificate that cannot be read, an algorithm we do not accept. */
import { UserFacingError, withDetail } from '../protocol/user-facing-error.ts';

export class MalformedCertificateError extends withDetail(UserFacingError, 'certificate_malformed', (detail) => ({
  ja: `証明書を読み取れません（形式が正しくありません: ${detail}）。`,
  en: `The certificate cannot be read (it is malformed: ${detail}).`,
})) {}

export class UnsupportedAlgorithmError extends UserFacingError {
  readonly code = 'algorithm_unsupported';
  constructor(readonly algorithm: string) {
    super({
      ja: `対応していない署名方式です（${algorithm}）。`,
      en: `This signature algorithm is not supported (${algorithm}).`,
    });
  }
}
