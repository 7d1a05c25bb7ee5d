using Lunix.Elf;
using System;
using Lunix.Abi;
using Lunix.Kernel.Boot;
using Lunix.Kernel.Ipc;
using Lunix.Kernel.Memory;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Calls
{
    // LOADPROGRAM: RS starting a service from its service table (MINIX's RS forks and execs a
    // service; here the program comes from the boot image). a0 = the caller's ProgramLoadRequest:
    // the module's ELF program is loaded into the request's slot, with its privileges, priority
    // and daemon flag, runnable at once; RESTART and SPAWN later reload the same program with the
    // same privileges. Returns the new endpoint. EINVAL: a slot outside the table or the kernel's
    // own, a priority out of range, or privileges that name what does not exist; EBUSY: the slot
    // is taken; ENOENT: no such module; ENOEXEC: the module is no valid ELF program; ENOMEM: no
    // memory for it; EAGAIN: no privilege record free for it.
    internal static unsafe class DoLoadProgram
    {
        public static long Run(int slot, ulong requestAddress)
        {
            ProgramLoadRequest request;
            long copied = VmSuspension.CopyIn(slot, new UserSlice<Readable>(requestAddress, (ulong)sizeof(ProgramLoadRequest)),
                                              new Span<byte>(&request, sizeof(ProgramLoadRequest)));
            if (copied != 0) return copied;
            int target = request.Slot;
            if (target < 0 || target >= ProcessTable.Slots || target == IpcProcesses.KernelSlot || target == IpcProcesses.SystemSlot
                || request.Priority < 0 || request.Priority >= ProgramLoadRequest.Priorities
                || !PrivilegeSets.TryConvert(in request.Privileges, out Privileges privileges))
                return -(long)Errno.EINVAL;
            if (ProcessTable.Slot(target).State != ProcessState.Free) return -(long)Errno.EBUSY;
            Span<char> module = stackalloc char[ServiceLabel.Max];
            if (!BootModules.TryProgram(module.Slice(0, request.Module.CopyTo(module)), out ProgramImage program)) return -(long)Errno.ENOENT;
            if (!ElfImage.TryParse(program.Bytes, out _, out _)) return -(long)Errno.ENOEXEC;
            Span<char> name = stackalloc char[ServiceLabel.Max];
            program.Name = new string(name.Slice(0, request.Name.CopyTo(name)));
            program.Priority = request.Priority;
            program.Daemon = (request.Flags & ProgramLoadFlags.Daemon) != 0;
            program.Privileges = privileges;
            int loaded = ProgramLoader.Load(program, target);
            return loaded < 0 ? loaded : IpcProcesses.EndpointOf(target);
        }
    }
}
