using Lunix.Arch.X86;
using Lunix.Arch.X86.Acpi;
using Lunix.Arch.X86.Interrupts;

namespace Lunix.Kernel.Interrupts
{
    // ISA interrupt lines handed to drivers (IRQCTL): each line has at most one driver; when it
    // fires the driver gets a notification from the kernel and the line stays masked until the
    // driver has handled it and enables it again (MINIX's IRQ policy without automatic re-enable).
    public static class IrqLines
    {
        public const int Count = 16;
        private static readonly int[] s_driver = NewTable();
        private static Madt s_madt;
        private static bool s_ioApic;
        private static uint s_nmiLines;             // lines delivered as NMIs (the watchdog's PIT): no driver's

        private static int[] NewTable()
        {
            var table = new int[Count];
            for (int i = 0; i < Count; i++) table[i] = -1;
            return table;
        }

        // How lines reach the CPU: through the I/O APIC (with the MADT's overrides) or the PIC.
        public static void UseIoApic(in Madt madt)
        {
            s_madt = madt;
            s_ioApic = true;
        }

        // Delivers an ISA line as an NMI to this CPU (the watchdog's PIT), through the I/O APIC
        // with the MADT's override; `gsi` is where it arrives. False without an I/O APIC: the PIC
        // cannot deliver NMIs.
        public static bool TryRouteAsNmi(int irq, out uint gsi)
        {
            gsi = 0;
            if (!s_ioApic) return false;
            Madt.IsaOverride route = s_madt.RouteOf((byte)irq);
            IoApic.RouteAsNmi(route.Gsi, CpuLocal.Current.ApicId, route.ActiveLow);
            s_nmiLines |= 1u << irq;
            gsi = route.Gsi;
            return true;
        }

        public static int DriverOf(int irq) => irq >= 0 && irq < Count ? s_driver[irq] : -1;

        // A PCI line (pci) is level-triggered whatever the MADT says of the ISA line of that number:
        // the firmware routed the device's INTx pin to it through the chipset's PIRQ router, which
        // drives the ISA pin active high (QEMU's ACPI tables say the same of its link devices).
        public static bool Attach(int irq, int slot, bool pci)
        {
            if ((s_nmiLines & (1u << irq)) != 0 || s_driver[irq] >= 0 && s_driver[irq] != slot) return false;
            s_driver[irq] = slot;
            if (s_ioApic)
            {
                Madt.IsaOverride route = s_madt.RouteOf((byte)irq);
                IoApic.Route(route.Gsi, Vectors.FirstIrq + irq, CpuLocal.Current.ApicId, route.ActiveLow, route.LevelTriggered || pci);
            }
            else Pic.Unmask(irq);
            return true;
        }

        public static void SetEnabled(int irq, bool enabled)
        {
            if (s_ioApic) IoApic.SetMasked(s_madt.RouteOf((byte)irq).Gsi, !enabled);
            else if (enabled) Pic.Unmask(irq);
            else Pic.Mask(irq);
        }

        public static void Detach(int slot)
        {
            for (int irq = 0; irq < Count; irq++)
            {
                if (s_driver[irq] != slot) continue;
                SetEnabled(irq, false);
                s_driver[irq] = -1;
            }
        }
    }
}
