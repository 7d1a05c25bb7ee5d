using Lunix.Abi;
using Lunix.Kernel.Memory;
using Lunix.Kernel.Process;
using Lunix.Kernel.Ipc;

namespace Lunix.Kernel.Calls
{
    // FORK (MINIX's sys_fork, which PM asks of VM and VM of the kernel): a0 = the endpoint of a
    // process blocked in a SENDREC to the caller (a native program's fork, asked of VM itself), or
    // of a POSIX process blocked in its fork, which it made to PM (PosixDoor) and PM passed on to
    // VM, waiting for the reply. A copy of it starts in a free slot: a duplicate of its address space (every
    // writable page copy-on-write in both: AddressSpace.Duplicate), its saved registers and
    // vector registers, program image (so reports name it), priority, privileges (its signal
    // manager included) and grant table. The copy waits for the same reply (IpcEngine.Fork): the
    // caller's answer to each lets it return from that SENDREC. Alarms, IRQ lines, pending
    // signals and notifications stay with the parent. Returns the child's endpoint; EDEADSRCDST
    // or EINVAL for a parent that is dead or not waiting for the caller, EAGAIN without a free
    // slot, ENOMEM without memory for the copy, and then nothing is left of it.
    internal static unsafe class DoFork
    {
        // Slot 0's first endpoint is 0, what the child itself is answered: no child gets it.
        private const int FirstChildSlot = 1;

        // The server whose reply the parent waits for: the caller (VM), for a fork asked of VM;
        // or PM, for a POSIX process's fork, which PM passes on to VM.
        private static int ServerOf(int caller, int parent)
        {
            ref readonly ProcessSlot waiting = ref IpcProcesses.Engine[parent];
            int server = Endpoint.SlotOf(waiting.ReceiveFrom);
            return ProcessTable.Slot(parent).Posix && waiting.ReceiveFrom == IpcProcesses.EndpointOf(BootEndpoints.Pm) ? server : caller;
        }

        public static long Run(int slot, long endpoint)
        {
            if (!IpcProcesses.TryResolve(endpoint, out int parent)) return -(long)Errno.EDEADSRCDST;
            int child = ProcessTable.FindFree(FirstChildSlot);
            if (child < 0) return -(long)Errno.EAGAIN;
            Errno refused = IpcProcesses.Fork(parent, child, ServerOf(slot, parent), out int childEndpoint);
            if (refused != Errno.Ok) return -(long)refused;
            ref Process.Process from = ref ProcessTable.Slot(parent);
            PagingResult duplicated = from.Space.Duplicate(out AddressSpace space);
            if (duplicated != PagingResult.Ok)
            {
                // Back to a free slot of the same generation, as if the fork had never begun.
                IpcProcesses.Release(child, keepEndpoint: true);
                return -(long)VmTarget.ErrnoOf(duplicated);
            }

            ref Process.Process to = ref ProcessTable.Slot(child);
            to = default;
            to.Space = space;
            to.SpaceId = ProcessTable.NewSpaceId();     // VM finds the regions it gives it under this
            to.Priority = from.Priority;
            to.GrantTable = from.GrantTable;
            to.GrantEntries = from.GrantEntries;
            to.Posix = from.Posix;
            to.Affinity = from.Affinity;
            to.Cpu = from.Posix ? Scheduler.Place(Scheduler.Allowed(in from)) : from.Cpu;
            to.FsBase = from.FsBase;
            to.State = ProcessState.Blocked;            // in IPC, until the caller's reply
            ProcessTable.ImageOf(child) = ProcessTable.ImageOf(parent);
            *ProcessTable.FrameOf(child) = *ProcessTable.FrameOf(parent);
            ProcessTable.CopyVectorState(parent, child);
            return childEndpoint;
        }
    }
}
