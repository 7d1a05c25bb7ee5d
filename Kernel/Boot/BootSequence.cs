using System;
using Internal.Runtime;
using Lunix.Arch.X86;
using Lunix.Arch.X86.Acpi;
using Lunix.Arch.X86.Interrupts;
using Lunix.Arch.X86.Memory;
using Lunix.Arch.X86.Platform;
using Lunix.Kernel.Console;
using Lunix.Kernel.Diagnostics;
using Lunix.Kernel.Interrupts;
using Lunix.Kernel.Memory;
using Lunix.Kernel.Process;
using Lunix.Kernel.Time;
using Lunix.Kernel.Ipc;
using Lunix.Kernel.Smp;
using Lunix.Fonts;

namespace Lunix.Kernel.Boot
{
    // From the first managed instruction to "lunix: ready": CPU tables, boot information, options,
    // symbols, screen, memory, ACPI, interrupt controllers and the timer, in that order.
    public static unsafe class BootSequence
    {
        private const uint Multiboot2Magic = 0x36D76289;
        private static byte* s_bootInfo;

        public static void Run(uint magic, ulong bootInfoPhysical)
        {
            Serial.Initialize();
            CpuLocal.InitializeBootCpu();
            Gdt.Install();
            Idt.Install();
            SystemConsole.WriteLine("lunix: kernel entered (C# compiled by ILC, x86-64 long mode)");
            if (magic != Multiboot2Magic)
                Panic.Now("not started by a multiboot2 boot loader (magic 0x%x)", magic);

            BootInfo info = ReadBootInfo(bootInfoPhysical);
            BootModules.Keep(info);
            KernelOptions.Parse(CommandLineText(info));
            LoadSymbols(info);
            StackWalker.PrepareUnwinder();
            AttachScreen(info);
            BootScreen.Record(info.Framebuffer);
            PhysicalMemory.Initialize(info, bootInfoPhysical, *(uint*)s_bootInfo);
            KernelAddressSpace.Build();
            FwCfgInitrd.Load();
            UserAccess.EnableHardwareProtection();
            PageAttributeTable.Program();
            Madt madt = StartInterrupts(info);
            Watchdog.Start(KernelOptions.WatchdogSeconds);
            SyscallEntry.Initialize();
            ProcessorStartup.StartOthers(madt, info.MemoryMap);
            KernelLock.Acquire(ref CpuLocal.Current, null);     // the others wait for it until the first process runs
            ProcessTable.Initialize();
            IpcProcesses.Initialize();
            PosixDoor.Initialize();
            Vdso.Initialize();
            Scheduler.Initialize();

            if (KernelOptions.Crash.Length > 0) CrashTests.Run(KernelOptions.Crash);
            KernelSuites.RunNamed(KernelOptions.Suite);
            if (KernelOptions.Bench) Bench.MemoryBenchmarks.Run();

            MemoryStatistics.Print();
            ulong bootTsc = Clock.TscSinceBoot;
            ulong micros = Clock.TscToMicroseconds(bootTsc);
            SystemConsole.Print("lunix: ready in %lu TSC ticks (%lu.%03lu ms), %lu MiB RAM, %d symbols, heap %lu KiB used\n",
                bootTsc, micros / 1000, micros % 1000, PhysicalMemory.Frames.TotalFrames >> 8, KernelSymbols.SymbolCount, Heap.Used >> 10);

            // Into ring 3: the boot table's programs (RS first, which starts the rest) run until the
            // last one that is no daemon exits (then `poweroff` turns the machine off); with none
            // to run, `poweroff` acts at once.
            int loaded = BootImage.LoadAll();
            if (KernelOptions.PowerOffWhenReady && loaded == 0) PowerOffNow();
            Cpu.DisableInterrupts();                    // the kernel runs with interrupts off from here
            TrapFrame* first = Scheduler.PickNext(ref CpuLocal.Current);
            ApplicationProcessor.StartScheduling();
            KernelLock.Release();
            Cpu.Resume(first);
        }

        private static BootInfo ReadBootInfo(ulong physical)
        {
            byte* start = DirectMap.ToVirtual(physical);
            s_bootInfo = start;
            uint totalSize = *(uint*)start;
            if (!BootInfo.TryParse(new ReadOnlySpan<byte>(start, (int)totalSize), out BootInfo info, out string error))
                Panic.Now("bad multiboot2 information: %s", error);
            SystemConsole.Print("lunix: boot loader: %s (%s)\n", info.BootLoaderName, info.IsUefiBoot ? "UEFI" : "BIOS");
            return info;
        }

        // GRUB's command line, then whatever QEMU passes through fw_cfg.
        private static string CommandLineText(BootInfo info)
        {
            Span<byte> extra = stackalloc byte[1024];
            int length = FwCfg.ReadFile("opt/lunix/cmdline"u8, extra);
            if (length <= 0) return info.CommandLine;
            Span<char> text = stackalloc char[length];
            for (int i = 0; i < length; i++) text[i] = (char)extra[i];
            string combined = string.Concat(info.CommandLine, " ", new string(text));
            SystemConsole.Write("lunix: cmdline: ");
            SystemConsole.WriteLine(combined);
            return combined;
        }

        private static void LoadSymbols(BootInfo info)
        {
            foreach (BootModule module in info.Modules)
            {
                if (module.Name != "symbols") continue;
                if (SymbolTable.TryParse(DirectMap.ToVirtual(module.Start), (int)(module.End - module.Start), out SymbolTable table, out string error))
                    KernelSymbols.Load(table);
                else
                    SystemConsole.Print("lunix: symbols: %s\n", error);
            }
        }

        private static void AttachScreen(BootInfo info)
        {
            Framebuffer fb = info.Framebuffer;
            if (!fb.IsPresent) return;
            if (fb.Kind == FramebufferKind.EgaText)
            {
                SystemConsole.AttachScreen(new VgaTextScreen(fb.Address, (int)fb.Width, (int)fb.Height));
                SystemConsole.Print("lunix: screen: vga text %dx%d\n", (int)fb.Width, (int)fb.Height);
                return;
            }
            if (fb.Kind != FramebufferKind.Rgb || fb.BitsPerPixel != 32) return;
            foreach (BootModule module in info.Modules)
            {
                if (module.Name != "font") continue;
                if (Pf2Font.TryParse(DirectMap.ToVirtual(module.Start), (int)(module.End - module.Start), out Pf2Font font, out string error))
                {
                    SystemConsole.AttachScreen(new FramebufferScreen(DirectMap.ToVirtual(fb.Address), fb, font));
                    SystemConsole.Print("lunix: screen: framebuffer %dx%dx32\n", (int)fb.Width, (int)fb.Height);
                }
                else
                    SystemConsole.Print("lunix: font: %s\n", error);
            }
        }

        // The local APIC timer when there is an APIC (found through ACPI's MADT), else the PIT
        // through the legacy PIC. Either way the TSC is calibrated against the PIT.
        private static Madt StartInterrupts(BootInfo info)
        {
            Pic.RemapAndMaskAll();
            ReadOnlySpan<byte> rsdp = info.Rsdp.IsPresent ? RsdpBytes(info) : default;
            bool acpi = AcpiTables.Initialize(rsdp);
            Madt madt = default;
            bool apic = !KernelOptions.NoApic && acpi && Madt.TryParse(AcpiTables.Find("APIC"u8), out madt)
                        && (Cpu.CpuId(1).Edx & (1 << 9)) != 0;
            uint hz = KernelOptions.TimerHz;
            ulong tscPerSecond;
            if (apic)
            {
                LocalApic.Enable(madt.LocalApicAddress);
                CpuLocal.Current.ApicId = LocalApic.Id;
                if (madt.IoApicAddress != 0)
                {
                    IoApic.Initialize(madt.IoApicAddress, madt.IoApicGsiBase);
                    IrqLines.UseIoApic(madt);
                }
                LocalApic.StartTimer(hz, out tscPerSecond);
                SystemConsole.Print("lunix: interrupts: local APIC %lx (timer %u Hz, %u ticks/s), I/O APIC %lx, %d CPUs in MADT\n",
                    madt.LocalApicAddress, hz, LocalApic.TicksPerSecond, madt.IoApicAddress, madt.ProcessorCount);
            }
            else
            {
                ulong before = Cpu.ReadTsc();
                Pit.Wait(5966);                             // 5 ms
                tscPerSecond = (Cpu.ReadTsc() - before) * 200;
                Pit.StartPeriodic(hz);
                InterruptRouter.UsePicTimer();
                Pic.Unmask(0);
                SystemConsole.Print("lunix: interrupts: legacy PIC, PIT timer %u Hz%s\n", hz, KernelOptions.NoApic ? " (noapic)" : "");
            }
            Clock.Calibrated(hz, tscPerSecond);
            if (acpi) PowerOff.Initialize();
            Cpu.EnableInterrupts();
            // Prove the tick works before going on; a dead timer would hang the scheduler later.
            ulong deadline = Cpu.ReadTsc() + tscPerSecond / 2;
            while (Clock.Ticks == 0 && Cpu.ReadTsc() < deadline) Cpu.WaitForInterrupt();
            if (Clock.Ticks == 0) Panic.Now("timer interrupt never arrived");
            return apic ? madt : default;
        }

        private static ReadOnlySpan<byte> RsdpBytes(BootInfo info)
            => new ReadOnlySpan<byte>(s_bootInfo + info.Rsdp.Offset, info.Rsdp.Length);

        public static void PowerOffNow()
        {
            Watchdog.Stop();                            // the wait below, interrupts off, is no lockup
            KernelLog.TakeBack();                       // what the terminal driver has not sent yet goes first
            SystemConsole.WriteLine("lunix: powering off");
            Cpu.DisableInterrupts();
            PowerOff.Execute();
            // The chipset (or QEMU's main loop) takes a moment to act on the write: give it a
            // second before calling it a failure.
            ulong deadline = Cpu.ReadTsc() + Clock.TscPerSecond;
            while (Cpu.ReadTsc() < deadline) { }
            SystemConsole.WriteLine("lunix: ACPI power-off failed; halting");
            SystemConsole.Flush();
            if (KernelOptions.TestMode) DebugExit.Exit(CrashReport.TestExitCode);
            Cpu.HaltForever();
        }

    }
}
