namespace Lunix.Boot;

/// <summary>Turns <see cref="QemuOptions"/> into the argument list of qemu-system-x86_64.</summary>
public static class QemuArguments
{
    public const string Executable = "qemu-system-x86_64";

    /// <summary>fw_cfg file the kernel reads its extra command line from (names must start with opt/).</summary>
    public const string CommandLineFwCfgName = "opt/lunix/cmdline";

    /// <summary>fw_cfg file the kernel makes the boot module "initrd" (`--initrd FILE`).</summary>
    public const string InitrdFwCfgName = "opt/lunix/initrd";

    /// <param name="ovmfVarsPath">The per-run variable store; required for UEFI, ignored for BIOS.</param>
    public static IReadOnlyList<string> For(QemuOptions options, string? ovmfVarsPath)
    {
        var arguments = new List<string>();
        if (options.Firmware == Firmware.Uefi)
        {
            if (ovmfVarsPath == null) throw new ArgumentNullException(nameof(ovmfVarsPath), "UEFI needs a variable store");
            // q35: OVMF's supported machine type; the two flash chips hold firmware code and variables.
            arguments.AddRange(["-machine", "q35"]);
            arguments.AddRange(["-drive", $"if=pflash,format=raw,unit=0,readonly=on,file={QuoteValue(OvmfFirmware.CodePath)}"]);
            arguments.AddRange(["-drive", $"if=pflash,format=raw,unit=1,file={QuoteValue(ovmfVarsPath)}"]);
        }
        else
        {
            arguments.AddRange(["-machine", "pc"]);
        }
        arguments.AddRange(["-m", options.Memory]);
        // One processor is QEMU's own default: the arguments stay those the figures were measured with.
        if (options.Cpus > 1) arguments.AddRange(["-smp", options.Cpus.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        arguments.AddRange(MediaLayout.For(options.Firmware, options.IsoPath, options.BootFrom, options.Disks ?? []));

        if (options.Headless)
        {
            // stdout carries only the guest's serial port; the monitor is off so nothing else
            // is mixed in, and a triple fault ends the run instead of rebooting forever.
            arguments.AddRange(["-display", "none", "-serial", "stdio", "-monitor", "none", "-no-reboot"]);
            // The kernel writes here in test mode only; QEMU then exits with (value << 1) | 1.
            arguments.AddRange(["-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]);
        }
        else
        {
            // The guest's serial console on the terminal, sharing it with QEMU's monitor: QEMU puts
            // the terminal in raw mode (keys go to the guest as typed, no local echo) and restores
            // it at exit; signal=off makes Ctrl-C a key for the guest instead of QEMU's end.
            // Ctrl-A X quits, Ctrl-A C switches to the monitor and back, Ctrl-A Ctrl-A sends Ctrl-A.
            arguments.AddRange(["-chardev", "stdio,id=console,mux=on,signal=off", "-serial", "chardev:console", "-mon", "chardev=console"]);
            if (!options.ShowDisplay) arguments.AddRange(["-display", "none"]);
        }

        if (!string.IsNullOrEmpty(options.KernelCommandLine))
            arguments.AddRange(["-fw_cfg", $"name={CommandLineFwCfgName},string={QuoteValue(options.KernelCommandLine)}"]);

        if (!string.IsNullOrEmpty(options.InitrdPath))
            arguments.AddRange(["-fw_cfg", $"name={InitrdFwCfgName},file={QuoteValue(options.InitrdPath)}"]);

        if (options.ExtraArguments != null) arguments.AddRange(options.ExtraArguments);
        return arguments;
    }

    /// <summary>QEMU option syntax: a ',' inside a value is written ",,".</summary>
    public static string QuoteValue(string value) => value.Replace(",", ",,");
}
