namespace Lunix.Abi
{
    // The endpoints programs find each other by until the data store (DS) publishes labels: each
    // boot program's slot, fixed by the manifest, at generation 0. The system image's programs'
    // constants (Rs, Ds, Vm, Hello, Init...) are generated from manifest.toml into
    // BootEndpoints.g.cs; here are the kernel's own two slots, which no program occupies.
    public static partial class BootEndpoints
    {
        public const int System = 62;       // the source of the kernel's signal notifications (to signal managers)
        public const int Kernel = 63;       // the source of the kernel's notifications (alarms, IRQs, SENDA completions)
    }
}
