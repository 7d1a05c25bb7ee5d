namespace Lunix.Abi
{
    // VIRCOPY's two endpoints (MINIX's sys_vircopy), in the call's first register: the POSIX
    // servers copy between their own memory and a process's (a path name, a stat buffer,
    // execve's arguments), or between two others' (a pipe's bytes from writer to reader).
    // Endpoint.Self names the caller. The addresses and the length go in the next three
    // registers: no request in memory for the kernel to copy in first. Only PM, VFS and VM may
    // make the call.
    public static class VirCopyEndpoints
    {
        public static long Pack(int source, int destination) => (long)(((ulong)(uint)destination << 32) | (uint)source);
        public static int Source(ulong packed) => (int)(uint)packed;
        public static int Destination(ulong packed) => (int)(uint)(packed >> 32);
    }
}
