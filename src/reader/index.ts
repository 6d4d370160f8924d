/**
 * The reader layer: see reader.ts for the contract. Three sources implement ReaderSource:
 *
 *   WebUsbReaderSource        WebUSB CCID driver (webusb/, ccid/, iso7816/, usb/): extended-APDU,
 *                             short-APDU and TPDU readers, the host running T=1 and T=0 for the
 *                             last; `request()` shows the picker (call it from a click);
 *                             `guidance(device)` says what to do with a reader that cannot be used
 *                             (readers.html links each reader's row)
 *   WebSmartCardReaderSource  the Web Smart Card API (PC/SC), in the Isolated Web App build
 *   TrainingReaderSource      virtual cards for training and tests
 *
 * Errors are CardError subclasses with Japanese and English messages (errors.ts). Virtual USB
 * readers built from the descriptor corpus (virtual/) serve tests, benchmarks and
 * `shelterkey readers simulate`.
 */
export type { CardConnection, CardPresence, CardProtocol, ConnectOptions, Reader, ReaderKind, ReaderSource } from './reader.ts';
export { waitForCard } from './reader.ts';
export { TrainingReader, TrainingReaderSource, type TrainingReaderOptions } from './training/training-reader.ts';
export {
  CardMuteError,
  CardProtocolError,
  CardProtocolMismatchError,
  CcidProtocolError,
  NoReaderChosenError,
  ProtectedInterfaceError,
  ReaderBusyError,
  ReaderHardwareError,
  ReaderNotSupportedError,
  ReaderTimeoutError,
  ReaderUnpluggedError,
  UsbTransferError,
} from './errors.ts';
export { CCID_PICKER_FILTERS, WebUsbReaderSource, type WebUsbReaderSourceOptions } from './webusb/webusb-reader-source.ts';
export { CcidDevice, DEFAULT_CCID_TIMING, type CcidDeviceOptions, type CcidTiming } from './webusb/ccid-device.ts';
export type { CcidReader } from './webusb/ccid-reader.ts';
export type { CcidCardConnection } from './ccid/ccid-connection.ts';
export type { ExchangeLevel } from './ccid/class-descriptor.ts';
export { READER_QUIRKS, type ReaderQuirk } from './ccid/quirks.ts';
export { WebSmartCardReaderSource, type WebSmartCardReaderSourceOptions } from './smart-card/smart-card-reader-source.ts';
export { SmartCardServiceError } from './smart-card/smart-card-errors.ts';
export type { SmartCardResourceManager } from './smart-card/web-smart-card.ts';
export type { WebUsb, WebUsbDevice, WebUsbDeviceFilter } from './usb/webusb.ts';
export { COMPATIBILITY_PAGE, readerGuidance, type AppEnvironment, type GuidanceVerdict, type PickedDevice, type ReaderGuidance } from './compatibility/reader-guidance.ts';
export { assessInterface, type AppPath, type InterfaceAssessment } from './compatibility/assess-reader.ts';
export { parseDescriptorFile, DescriptorFileError, type DescriptorFile } from './virtual/descriptor-file.ts';
export { VirtualReader, type VirtualReaderOptions } from './virtual/virtual-reader.ts';
export { VirtualUsbDevice } from './virtual/virtual-usb-device.ts';
export type { Fault, FaultKind, FaultPlan } from './virtual/faults.ts';
export { simulateReader, simulationContext, type SimulationResult } from './virtual/simulate.ts';
