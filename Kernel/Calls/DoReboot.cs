using Lunix.Abi;
using Lunix.Arch.X86;
using Lunix.Kernel.Boot;
using Lunix.Kernel.Console;
using Lunix.Kernel.Diagnostics;
using Lunix.Kernel.Time;

namespace Lunix.Kernel.Calls
{
    // REBOOT (MINIX's sys_abort with RBT_HALT, RBT_POWEROFF and RBT_REBOOT): a0 = RebootRequests.X.
    // PM's reboot(2), after VFS has synced: PowerOff turns the machine off by ACPI (as `poweroff`
    // does when the last program ends); Restart pulses the reset line through the keyboard
    // controller, and failing that makes the CPU triple-fault (an empty IDT and a breakpoint);
    // Halt stops the CPU with interrupts off (QEMU, as a machine, keeps waiting). Only PM's call
    // mask allows it. Returns only for a bad request: EINVAL.
    internal static unsafe class DoReboot
    {
        private const ushort KeyboardController = 0x64;
        private const byte PulseReset = 0xFE;

        public static long Run(long request)
        {
            switch (request)
            {
                case RebootRequests.PowerOff:
                    BootSequence.PowerOffNow();
                    return 0;
                case RebootRequests.Restart:
                    Watchdog.Stop();                                // the waits below are no lockup
                    SystemConsole.WriteLine("lunix: restarting");
                    SystemConsole.Flush();
                    Cpu.DisableInterrupts();
                    Cpu.Out8(KeyboardController, PulseReset);
                    ulong deadline = Cpu.ReadTsc() + Clock.TscPerSecond / 2;
                    while (Cpu.ReadTsc() < deadline) { }
                    ushort* limit = stackalloc ushort[5];           // limit 0, base 0: every vector faults
                    for (int i = 0; i < 5; i++) limit[i] = 0;
                    Cpu.LoadIdt(limit);
                    Cpu.RaisePanicTrap();                           // no IDT: a triple fault, which resets the CPU
                    Cpu.HaltForever();
                    return 0;
                case RebootRequests.Halt:
                    Watchdog.Stop();                                // halted with interrupts off on purpose
                    SystemConsole.WriteLine("lunix: system halted");
                    SystemConsole.Flush();
                    Cpu.DisableInterrupts();
                    Cpu.HaltForever();
                    return 0;
                default:
                    return -(long)Errno.EINVAL;
            }
        }
    }
}
