/**
 * The camera's barcode reader, where the browser has one: the Shape Detection API's
 * BarcodeDetector (Chromium on Android, ChromeOS and macOS; not on Windows or Linux desktops).
 * Feature-detected, never assumed; the counter offers scanning only when it is there.
 */

interface DetectedBarcode {
  rawValue: string;
}

interface BarcodeDetectorInstance {
  detect(source: HTMLVideoElement): Promise<DetectedBarcode[]>;
}

interface BarcodeDetectorClass {
  new (): BarcodeDetectorInstance;
  getSupportedFormats(): Promise<string[]>;
}

function detectorClass(): BarcodeDetectorClass | undefined {
  const candidate = (globalThis as { BarcodeDetector?: unknown }).BarcodeDetector;
  return typeof candidate === 'function' ? (candidate as BarcodeDetectorClass) : undefined;
}

/** True when this browser can read barcodes from a camera: a detector with formats, and a camera API. */
export async function barcodeScanningAvailable(): Promise<boolean> {
  const Detector = detectorClass();
  if (!Detector || typeof navigator === 'undefined' || typeof navigator.mediaDevices?.getUserMedia !== 'function') return false;
  try {
    return (await Detector.getSupportedFormats()).length > 0;
  } catch {
    return false;
  }
}

const SCAN_INTERVAL_MS = 200;

/**
 * Shows the camera in `video` and resolves with the first barcode's value; stops the camera when
 * done, failed or when `signal` aborts.
 */
export async function scanBarcode(video: HTMLVideoElement, signal: AbortSignal): Promise<string> {
  const Detector = detectorClass();
  if (!Detector) throw new Error('BarcodeDetector is not available');
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
  try {
    video.srcObject = stream;
    await video.play();
    const detector = new Detector();
    while (!signal.aborted) {
      const found = (await detector.detect(video)).find((barcode) => barcode.rawValue.trim() !== '');
      if (found) return found.rawValue.trim();
      await new Promise((resolve) => setTimeout(resolve, SCAN_INTERVAL_MS));
    }
    throw signal.reason;
  } finally {
    for (const track of stream.getTracks()) track.stop();
    video.srcObject = null;
  }
}
