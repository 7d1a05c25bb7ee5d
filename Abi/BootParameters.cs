using System;

namespace Lunix.Abi
{
    // GETINFO's BootParameters answer (MINIX's boot monitor parameters, sys_getmonparams): the
    // kernel command-line options ring-3 programs read, already checked by the kernel
    // (Kernel/Boot/KernelOptions.cs reports bad ones), 32 bytes. Options that belong to one
    // service (`rs.backoff=off`) are not here: that service parses them itself (GETINFO
    // ServiceOptions).
    public struct BootParameters
    {
        public long Seed;                   // seed=N: the seed of the randomized in-guest suites
        public BootParameterFlags Flags;
        public int Reserved;
        public ServiceLabel Suite;          // suite=NAME: the in-guest suite to run (empty: none)
    }

    [Flags]
    public enum BootParameterFlags
    {
        None = 0,
        Bench = 1,          // bench: the benchmark mode
    }
}
