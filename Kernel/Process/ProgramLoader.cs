using Lunix.Elf;
using System;
using Lunix.Abi;
using Lunix.Kernel.Console;
using Lunix.Kernel.Memory;
using Lunix.Kernel.Ipc;

namespace Lunix.Kernel.Process
{
    // Makes a process of an ELF program from the boot image: a fresh address space with each
    // segment mapped as its flags say (text read+execute, data read+write no-execute), the file
    // bytes copied in, and a stack whose lowest page is left unmapped as a guard. The process
    // starts in ring 3 at the ELF entry point with interrupts enabled.
    public static unsafe class ProgramLoader
    {
        public const ulong StackTop = 0x00007FFFFFFFF000;
        public const ulong StackSize = 64 * 1024;               // plus the unmapped guard page below
        private const ulong PageSize = FrameAllocator.FrameSize;

        // slot: the slot to use (the manifest fixes its programs' endpoints), or -1 for any. run:
        // runnable at once, else held (ProcessState.Loaded) until PRIVCTL Allow. The program is
        // kept with the slot (ProcessTable.ImageOf) for a later RESTART. Returns the slot, or a
        // negated Errno: EAGAIN without a free slot or privilege record, ENOMEM without memory,
        // EINVAL for a file that is not a program Lunix can run.
        public static int Load(ProgramImage program, int slot, bool run = true)
        {
            string name = program.Name;
            ReadOnlySpan<byte> file = program.Bytes;
            if (!ElfImage.TryParse(file, out ElfImage image, out string error))
                return Fail(name, error, Errno.EINVAL);
            if (slot < 0) slot = ProcessTable.FindFree();
            if (slot < 0 || ProcessTable.Slot(slot).State != ProcessState.Free) return Fail(name, "no free process slot", Errno.EAGAIN);
            if (AddressSpace.Create(KernelAddressSpace.Kernel, out AddressSpace space) != PagingResult.Ok)
                return Fail(name, "out of memory for the address space", Errno.ENOMEM);

            bool ok = true;
            // The copies go through the user-copy routine, so the new space is loaded meanwhile;
            // then whichever was loaded before (the kernel's at boot, RS's for a RESTART) again.
            AddressSpace previous = KernelAddressSpace.Active;
            KernelAddressSpace.Switch(space);
            for (int i = 0; ok && i < image.SegmentCount; i++)
            {
                ElfSegment segment = image.Segment(i);
                ulong start = segment.VirtualAddress & ~(PageSize - 1);
                ulong end = (segment.End + PageSize - 1) & ~(PageSize - 1);
                // Writable for the copy; protected as the ELF says afterwards.
                ok = space.MapAnonymous(start, end - start, PageAttributes.User | PageAttributes.Writable | PageAttributes.NoExecute) == PagingResult.Ok
                     && new UserSlice<Writable>(segment.VirtualAddress, segment.FileSize).CopyFrom(file.Slice((int)segment.FileOffset, (int)segment.FileSize)) == Errno.Ok
                     && space.Protect(start, end - start, AttributesOf(segment)) == PagingResult.Ok;
            }
            ok = ok && space.MapAnonymous(StackTop - StackSize, StackSize, PageAttributes.User | PageAttributes.Writable | PageAttributes.NoExecute) == PagingResult.Ok;
            KernelAddressSpace.Switch(previous);
            if (!ok)
            {
                space.Destroy();
                return Fail(name, "out of memory while mapping its segments", Errno.ENOMEM);
            }
            // Last of what can fail: a privilege record of its own (a system process's).
            if (IpcProcesses.Admit(slot, program.Privileges) != Errno.Ok)
            {
                space.Destroy();
                return Fail(name, "no privilege record free", Errno.EAGAIN);
            }

            ref Process process = ref ProcessTable.Slot(slot);
            process = default;
            process.Space = space;
            process.SpaceId = ProcessTable.NewSpaceId();
            process.Priority = program.Priority;
            process.SpawnedAt = Endpoint.None;
            ProcessTable.ImageOf(slot) = program;
            Arch.X86.TrapFrame* frame = ProcessTable.FrameOf(slot);
            *frame = default;
            frame->Rip = image.Entry;
            frame->Cs = Arch.X86.Gdt.UserCode;
            frame->Ss = Arch.X86.Gdt.UserData;
            frame->Rsp = StackTop;
            frame->Rflags = 0x202;                                  // IF, and the reserved bit 1
            ProcessTable.ResetVectorState(slot);
            if (run) Scheduler.MakeRunnable(slot);
            else process.State = ProcessState.Loaded;
            return slot;
        }

        private static PageAttributes AttributesOf(ElfSegment segment)
        {
            PageAttributes attributes = PageAttributes.User;
            if (segment.Writable) attributes |= PageAttributes.Writable;
            if (!segment.Executable) attributes |= PageAttributes.NoExecute;
            return attributes;
        }

        private static int Fail(string name, string why, Errno error)
        {
            SystemConsole.Print("lunix: cannot start %s: %s\n", name, why);
            return -(int)error;
        }
    }
}
