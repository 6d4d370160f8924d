/**
 * The privacy guard: every command APDU passes `check` before it is sent, and the card's answer
 * passes `observe` so the guard knows which application and EF are current. It refuses the
 * FORBIDDEN_COMMANDS and, because a guard that only knows a deny list can be walked around,
 * anything it cannot place: an unknown or partial AID, SELECT forms other than by AID or by
 * EF identifier, an EF not in the card layout, an instruction the product does not use, or any
 * file command while the current application is unknown.
 */
import { bytesEqual } from '../../protocol/encoding.ts';
import type { DecodedCommand } from '../apdu/command.ts';
import { INS, READ_BINARY_SFI_FLAG, SELECT_BY, VERIFY_CURRENT_EF } from '../apdu/instructions.ts';
import { CARD_APPLICATIONS, fidHex, type ApplicationName, type CardApplication, type CardFile } from '../card-layout.ts';
import { PrivacyGuardRefusalError } from './errors.ts';
import { FORBIDDEN_COMMANDS, type ForbiddenPattern } from './forbidden-commands.ts';

export interface GuardState {
  /** 'none' after a reset, 'unknown' after a failed SELECT or a lost exchange. */
  application: ApplicationName | 'none' | 'unknown';
  /** The current EF, when the guard saw it selected. */
  ef: number | undefined;
}

const INITIAL: GuardState = { application: 'none', ef: undefined };
const SUCCESS = new Set([0x9000, 0x6282]);

function matches(pattern: ForbiddenPattern, command: DecodedCommand, state: GuardState): boolean {
  switch (pattern.kind) {
    case 'select-application':
      return command.ins === INS.select && command.p1 === SELECT_BY.dfName && bytesEqual(command.data, pattern.aid);
    case 'select-file':
      return (
        command.ins === INS.select &&
        command.p1 === SELECT_BY.childEf &&
        state.application === pattern.application &&
        command.data.length === 2 &&
        (((command.data[0] ?? 0) << 8) | (command.data[1] ?? 0)) === pattern.fid
      );
    case 'read-binary-sfi':
      return (
        command.ins === INS.readBinary &&
        state.application === pattern.application &&
        (command.p1 & READ_BINARY_SFI_FLAG) !== 0 &&
        (command.p1 & 0x1f) === pattern.sfi
      );
    case 'verify-reference':
      return command.ins === INS.verify && command.p2 === pattern.p2;
  }
}

export class PrivacyGuard {
  private current: GuardState = INITIAL;

  get state(): GuardState {
    return this.current;
  }

  /** Throws PrivacyGuardRefusalError when the command must not reach the card. */
  check(command: DecodedCommand): void {
    for (const rule of FORBIDDEN_COMMANDS) {
      if (matches(rule.pattern, command, this.current)) throw new PrivacyGuardRefusalError(rule.id, rule.why.en);
    }
    this.checkStructure(command);
  }

  /** Records what the card's answer means for the current application and EF. */
  observe(command: DecodedCommand, sw: number): void {
    const ok = SUCCESS.has(sw);
    if (command.ins === INS.select && command.p1 === SELECT_BY.dfName) {
      const app = CARD_APPLICATIONS.find((a) => bytesEqual(a.aid, command.data));
      this.current = ok && app ? { application: app.name, ef: undefined } : { application: 'unknown', ef: undefined };
    } else if (command.ins === INS.select && command.p1 === SELECT_BY.childEf) {
      this.current = { ...this.current, ef: ok ? fidOf(command.data) : undefined };
    } else if (command.ins === INS.readBinary && (command.p1 & READ_BINARY_SFI_FLAG) !== 0) {
      this.current = { ...this.current, ef: ok ? command.p1 & 0x1f : undefined };
    }
  }

  /** The card was reset or the exchange was lost: nothing is known to be selected. */
  forget(reason: 'reset' | 'lost'): void {
    this.current = reason === 'reset' ? INITIAL : { application: 'unknown', ef: undefined };
  }

  /** The current EF from the layout, when the guard knows it. */
  currentFile(): CardFile | undefined {
    const app = this.currentApplication();
    return app?.files.find((f) => f.fid === this.current.ef);
  }

  currentApplication(): CardApplication | undefined {
    return CARD_APPLICATIONS.find((a) => a.name === this.current.application);
  }

  private checkStructure(command: DecodedCommand): void {
    if (command.cla === 0x00 && command.ins === INS.getResponse && command.p1 === 0 && command.p2 === 0 && command.data.length === 0) return;

    const app = this.currentApplication();
    if (command.ins === INS.select && command.cla === 0x00) {
      if (command.p1 === SELECT_BY.dfName) {
        const target = CARD_APPLICATIONS.find((a) => bytesEqual(a.aid, command.data));
        if (!target) refuse('unknown-application', 'SELECT of an AID the product does not know (partial AIDs included)');
        if (!target.usedByProduct) refuse('application-not-used', 'SELECT of an application the product never opens');
        return;
      }
      if (command.p1 !== SELECT_BY.childEf) refuse('unsupported-select', `SELECT with P1 ${command.p1.toString(16).padStart(2, '0')}`);
      if (!app?.usedByProduct) refuse('no-current-application', 'SELECT of an EF while no known application is current');
      if (command.data.length !== 2) refuse('unsupported-select', 'SELECT of an EF needs a 2-byte identifier');
      const fid = fidOf(command.data);
      if (!app.files.some((f) => f.fid === fid)) refuse('unknown-file', `EF ${fidHex(fid)} is not in the ${this.current.application} layout`);
      return;
    }
    if (!app?.usedByProduct) refuse('no-current-application', 'a file command while no known application is current');
    if (command.ins === INS.readBinary && command.cla === 0x00) {
      if ((command.p1 & READ_BINARY_SFI_FLAG) !== 0) {
        const fid = command.p1 & 0x1f;
        if (app.files.find((f) => f.fid === fid)?.kind !== 'binary') refuse('unknown-file', `SFI ${fid} is not a known binary EF`);
        return;
      }
      if (this.currentFile()?.kind !== 'binary') refuse('no-current-file', 'READ BINARY while no known binary EF is current');
      return;
    }
    if (command.ins === INS.verify && command.cla === 0x00) {
      if (command.p1 !== 0 || command.p2 !== VERIFY_CURRENT_EF) refuse('unsupported-verify', `VERIFY with P1-P2 ${command.p1.toString(16)} ${command.p2.toString(16)}`);
      if (this.currentFile()?.kind !== 'pin') refuse('no-current-pin', 'VERIFY while no known PIN EF is current');
      return;
    }
    if (command.ins === INS.computeDigitalSignature && command.cla === 0x80) {
      if (this.currentFile()?.kind !== 'key') refuse('no-current-key', 'COMPUTE DIGITAL SIGNATURE while no key EF is current');
      return;
    }
    refuse('instruction-not-allowed', `CLA ${command.cla.toString(16)} INS ${command.ins.toString(16)} is not in the product's command set`);
  }
}

function refuse(rule: string, detail: string): never {
  throw new PrivacyGuardRefusalError(rule, detail);
}

function fidOf(data: Uint8Array): number {
  return ((data[0] ?? 0) << 8) | (data[1] ?? 0);
}
