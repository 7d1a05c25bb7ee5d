using System;
using Lunix.SystemLibrary;
using static Lunix.Drivers.Usb.XhciRegisters;

namespace Lunix.Drivers.Usb
{
    // What an xHCI controller says of itself beyond its registers, and what the driver does
    // about it before the controller's reset: its extended capabilities (xHCI 1.2, chapter 7:
    // the firmware's hold on it, which ports speak which USB), and on Intel's switchable parts
    // the routing of their ports between the EHCI and xHCI controllers.
    internal static class XhciCapabilities
    {
        // The extended capabilities: the legacy support one handed over, each supported
        // protocol's ports marked with its USB major revision.
        public static void Read(MmioWindow registers, int at, Span<byte> portMajor)
        {
            for (int hops = 0; at != 0 && at < registers.Length && hops < 64; hops++)
            {
                uint word = registers.Read(at);
                if (CapabilityId(word) == LegacySupportId) HandOver(registers, at, word);
                else if (CapabilityId(word) == SupportedProtocolId)
                {
                    uint ports = registers.Read(at + 8);
                    for (int port = FirstPort(ports); port < FirstPort(ports) + PortCount(ports) && port < portMajor.Length; port++)
                        if (port >= 0) portMajor[port] = (byte)ProtocolMajor(word);
                }
                int next = NextCapability(word);
                if (next == 0) break;
                at += next;
            }
        }

        // USBLEGSUP's semaphores (xHCI 4.22.1): the system sets its own and waits up to a
        // second for the firmware to clear its one; a firmware that does not is overruled, as
        // Linux does. Then USBLEGCTLSTS: every SMI the controller could raise for the firmware
        // disabled, its pending ones cleared.
        private static void HandOver(MmioWindow registers, int at, uint legacySupport)
        {
            if ((legacySupport & FirmwareOwns) != 0)
            {
                registers.Write(at, legacySupport | SystemOwns);
                ulong deadline = Kernel.Ticks() + Kernel.TicksPerSecond();
                while ((registers.Read(at) & FirmwareOwns) != 0)
                {
                    if (Kernel.Ticks() >= deadline)
                    {
                        new ConsoleLine(stackalloc char[80]).Append("usb: the firmware did not give the xHCI controller up; taken").Print();
                        registers.Write(at, (registers.Read(at) & ~FirmwareOwns) | SystemOwns);
                        break;
                    }
                    Kernel.Sleep(1);
                }
            }
            registers.Write(at + 4, (registers.Read(at + 4) & SmiEnablesKept) | SmiEvents);
        }

        // Every switchable port of an Intel controller taken from its EHCI companion (USB 2) and
        // switched on (USB 3), as Linux's usb_enable_intel_xhci_ports does; the EHCI controllers'
        // ports are behind rate-matching hubs, which this driver does not enumerate.
        public static long RoutePortsHere(int address)
        {
            long superSpeed = PciCalls.ReadConfig(address, SuperSpeedEnableMask, 4);
            if (superSpeed < 0) return superSpeed;
            long written = PciCalls.WriteConfig(address, SuperSpeedEnable, 4, (uint)superSpeed);
            if (written != 0) return written;
            long usb2 = PciCalls.ReadConfig(address, Usb2RoutingMask, 4);
            if (usb2 < 0) return usb2;
            return PciCalls.WriteConfig(address, Usb2Routing, 4, (uint)usb2);
        }
    }
}
