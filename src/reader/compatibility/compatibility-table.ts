/**
 * The reader compatibility table, computed from the corpus: one row per CCID interface of each
 * reader, with its class, exchange level, protocols, libccid's verdict and whether a plain PWA,
 * the Isolated Web App or neither can read a My Number Card through it. Pure; the generator
 * (scripts/generate-reader-docs.ts) renders it as docs/readers.md and public/readers.html.
 */
import { vidPidKey } from '../ccid/quirks.ts';
import type { DescriptorFile } from '../virtual/descriptor-file.ts';
import { assessInterface, bestPath, type AppPath, type InterfaceAssessment } from './assess-reader.ts';

export type LibccidSection = 'supported' | 'shouldwork' | 'unsupported' | 'disabled' | 'duplicates' | 'not listed';

export interface CompatibilityRow {
  file: string;
  vidPid: string;
  manufacturer: string;
  product: string;
  interfaceNumber: number;
  assessment: InterfaceAssessment;
  maxMessageLength: number;
  libccid: LibccidSection;
  /** Best path over the reader's interfaces (repeated on each of its rows). */
  readerPath: AppPath;
}

/** VID:PID → the first section of libccid's supported_readers.txt that lists it (commented lines count for "disabled"). */
export function parseSupportedReaders(text: string): Map<string, LibccidSection> {
  const sections = new Map<string, LibccidSection>();
  let section: LibccidSection = 'not listed';
  for (const line of text.split(/\r?\n/)) {
    const header = /^# section: (\w+)/.exec(line);
    if (header) {
      section = (['supported', 'shouldwork', 'unsupported', 'disabled', 'duplicates'] as const).find((s) => s === header[1]) ?? 'not listed';
      continue;
    }
    const entry = /^#?0x([0-9A-F]{4}):0x([0-9A-F]{4}):/i.exec(line);
    if (!entry) continue;
    const key = `${entry[1]?.toUpperCase()}:${entry[2]?.toUpperCase()}`;
    if (!sections.has(key)) sections.set(key, section);
  }
  return sections;
}

export function compatibilityRows(files: readonly DescriptorFile[], libccid: ReadonlyMap<string, LibccidSection>): CompatibilityRow[] {
  const rows: CompatibilityRow[] = [];
  for (const file of [...files].sort((a, b) => a.fileName.localeCompare(b.fileName))) {
    const vidPid = vidPidKey(file.vendorId, file.productId);
    const section = libccid.get(vidPid) ?? 'not listed';
    const listed = section === 'supported' || section === 'shouldwork';
    const assessments = file.interfaces.map((i) =>
      assessInterface(
        file.vendorId,
        file.productId,
        { interfaceNumber: i.bInterfaceNumber, interfaceClass: i.bInterfaceClass, interfaceSubClass: i.bInterfaceSubClass, interfaceProtocol: i.bInterfaceProtocol, numEndpoints: i.bNumEndpoints, descriptor: i.ccid },
        listed,
      ),
    );
    const readerPath = bestPath(assessments);
    file.interfaces.forEach((iface, index) => {
      const assessment = assessments[index];
      if (!assessment) return;
      rows.push({
        file: file.fileName,
        vidPid,
        manufacturer: file.manufacturer ?? '',
        product: file.product ?? '',
        interfaceNumber: iface.bInterfaceNumber,
        assessment,
        maxMessageLength: iface.ccid.dwMaxCCIDMessageLength,
        libccid: section,
        readerPath,
      });
    });
  }
  return rows;
}

export interface CompatibilitySummary {
  readers: number;
  interfaces: number;
  byPath: Record<AppPath, number>;
}

export function summarize(rows: readonly CompatibilityRow[]): CompatibilitySummary {
  const readers = new Map<string, AppPath>();
  for (const row of rows) readers.set(row.file, row.readerPath);
  const byPath: Record<AppPath, number> = { pwa: 0, iwa: 0, 'iwa-smart-card': 0, none: 0 };
  for (const path of readers.values()) byPath[path]++;
  return { readers: readers.size, interfaces: rows.length, byPath };
}

/** The VID:PID of every reader whose CCID interface is vendor-class and usable from a plain page: the picker asks for them by name. */
export function vendorClassReaders(rows: readonly CompatibilityRow[]): { vendorId: number; productId: number; name: string }[] {
  const seen = new Map<string, { vendorId: number; productId: number; name: string }>();
  for (const row of rows) {
    if (row.assessment.path !== 'pwa' || seen.has(row.vidPid)) continue;
    const [vendor, product] = row.vidPid.split(':').map((h) => parseInt(h, 16));
    seen.set(row.vidPid, { vendorId: vendor ?? 0, productId: product ?? 0, name: `${row.manufacturer} ${row.product}`.trim() });
  }
  return [...seen.values()].sort((a, b) => a.vendorId - b.vendorId || a.productId - b.productId);
}

/** Anchor of a reader on the compatibility page. */
export function readerAnchor(vidPid: string): string {
  return `r-${vidPid.replace(':', '-')}`;
}
