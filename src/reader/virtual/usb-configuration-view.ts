/** The WebUSB view (USBConfiguration, USBInterface, USBEndpoint) of a configuration descriptor, as a browser builds it. */
import { endpointDirection, endpointNumber, endpointType, type ConfigurationDescriptor } from '../usb/descriptors.ts';
import type { WebUsbAlternateInterface, WebUsbConfiguration, WebUsbInterface } from '../usb/webusb.ts';

export function usbConfigurationView(config: ConfigurationDescriptor, strings: ReadonlyMap<number, string>): WebUsbConfiguration {
  const byNumber = new Map<number, WebUsbAlternateInterface[]>();
  for (const iface of config.interfaces) {
    const alternate: WebUsbAlternateInterface = {
      alternateSetting: iface.bAlternateSetting,
      interfaceClass: iface.bInterfaceClass,
      interfaceSubclass: iface.bInterfaceSubClass,
      interfaceProtocol: iface.bInterfaceProtocol,
      interfaceName: strings.get(iface.iInterface) ?? null,
      endpoints: iface.endpoints.map((ep) => {
        const type = endpointType(ep);
        return { endpointNumber: endpointNumber(ep), direction: endpointDirection(ep), type: type === 'control' ? 'bulk' : type, packetSize: ep.wMaxPacketSize };
      }),
    };
    byNumber.set(iface.bInterfaceNumber, [...(byNumber.get(iface.bInterfaceNumber) ?? []), alternate]);
  }
  const interfaces: WebUsbInterface[] = [...byNumber].map(([interfaceNumber, alternates]) => ({
    interfaceNumber,
    alternate: alternates[0] as WebUsbAlternateInterface,
    alternates,
    claimed: false,
  }));
  return { configurationValue: config.bConfigurationValue, configurationName: null, interfaces };
}
