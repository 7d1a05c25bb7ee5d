namespace Lunix.Kernel.Diagnostics
{
    // The unwinder's only way to read memory: the kernel refuses addresses outside its known
    // stacks, so a corrupt frame stops a stack trace instead of faulting inside the crash report.
    public interface IStackMemory
    {
        bool TryRead(ulong address, out ulong value);
    }
}
