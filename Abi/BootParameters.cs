using System;

namespace Lunix.Abi
{
    // GETINFO's InfoBootParameters answer (MINIX's boot monitor parameters, sys_getmonparams):
    // the kernel command-line options that concern ring-3 programs, already checked by the
    // kernel (Kernel/Boot/KernelOptions.cs reports bad ones), 16 bytes.
    public struct BootParameters
    {
        public long Seed;                   // seed=N: the seed of the randomized in-guest suites
        public BootParameterFlags Flags;
        public int Reserved;
    }

    [Flags]
    public enum BootParameterFlags
    {
        None = 0,
        // rs.backoff=off (the faultinject suite's default): RS restarts a crashed service at once
        // however often it crashes, so a campaign of many faults in a row does not wait out delays.
        NoRestartBackoff = 1,
    }
}
