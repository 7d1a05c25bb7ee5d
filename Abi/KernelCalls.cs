namespace Lunix.Abi
{
    // Kernel-call numbers (trap class Traps.KernelCallClass), MINIX 3's first set. Arguments in
    // RDI, RSI, RDX, R10 as for every trap; each call is allowed only by the caller's call mask.
    public static class KernelCalls
    {
        public const int GetInfo = 1;     // a0 = InfoKernel, InfoBootServices, InfoBootParameters, InfoRsRequests or InfoSpawnedAt, a1 = buffer, a2 = its capacity in entries
        public const int InfoKernel = 1;
        public const int InfoBootServices = 2;
        public const int InfoBootParameters = 3;
        public const int InfoRsRequests = 4;  // the text of the rs.do option (ASCII, a2 = buffer bytes); returns its length
        public const int InfoSpawnedAt = 5;   // the endpoint SPAWN loaded the caller's program at (RS's new version: where the old one waits), else Endpoint.None
        public const int Times = 2;
        public const int SetAlarm = 3;
        public const int IrqCtl = 4;      // a0 = IrqAttach/IrqEnable/IrqDetach, a1 = ISA line

        public const int IrqAttach = 1;   // IRQCTL requests
        public const int IrqEnable = 2;
        public const int IrqDetach = 3;
        public const int DevIo = 5;
        public const int VDevIo = 6;
        public const int PrivCtl = 7;
        public const int Umap = 8;
        public const int Exit = 9;       // a0 = exit status; never returns
        public const int DiagCtl = 10;   // print on the kernel console: a0 = user pointer to ASCII bytes, a1 = length
        public const int SetGrant = 11;  // register the caller's grant table: a0 = address, a1 = entries (0: none)
        public const int SafeCopyFrom = 12;  // a0 = the caller's SafeCopyRequest: grant's range -> caller's buffer
        public const int SafeCopyTo = 13;    // a0 = the caller's SafeCopyRequest: caller's buffer -> grant's range

        // Signals and services (RS's calls; each checks that the caller is the target's signal
        // manager, except KILL).
        public const int Kill = 14;          // a0 = endpoint, a1 = signal: raise it (to the target's signal manager)
        public const int GetKSig = 15;       // a0 = the caller's SignalReport: the next managed process with signals pending
        public const int Clear = 16;         // a0 = endpoint: end a process the caller manages
        public const int Restart = 17;       // a0 = endpoint, a1 = 1 to keep the endpoint: a fresh copy of its program; returns its endpoint

        // VM's calls (MINIX's sys_vmctl and friends): only the VM server's mask allows them. A
        // process waiting for VM (a page fault, or a kernel call suspended on missing memory) is
        // resumed by VmResolve alone.
        public const int VmResolve = 19;     // a0 = endpoint waiting for VM, a1 = address, a2 = VmAction, a3 = VmProtection (MapZero)
        public const int VmMap = 20;         // a0 = endpoint, a1 = address, a2 = length, a3 = VmProtection: back the absent pages with zeroed frames
        public const int VmUnmap = 21;       // a0 = endpoint, a1 = address, a2 = length: unmap the pages (holes are fine)
        public const int VmShare = 22;       // a0 = the caller's VmShareRequest: map a range of one process into another
        public const int VmRegions = 27;     // a0 = endpoint, a1 = VmRegionsOp, a2 = buffer, a3 = its length: VM's record of the process's regions
        public const int Fork = 28;          // a0 = endpoint blocked in a SENDREC to the caller, waiting for its reply: a copy of it (copy-on-write memory) in a free slot, waiting for the same reply; returns its endpoint


        // Live update (RS's calls; the caller must manage both processes).
        public const int Update = 18;        // a0 = a service's endpoint, a1 = its new version's: the two programs trade slots (RS: itself and its copy)
        public const int Spawn = 25;         // a0 = endpoint (RS: itself): a second copy of its program (the new version), held until UPDATE; returns its endpoint

        public const int Abort = 26;         // a0 = reason (ASCII), a1 = its length: panic (RS: a critical service cannot be brought back)

        public const int Last = Fork;
    }
}
