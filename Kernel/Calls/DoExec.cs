using System;
using Lunix.Abi;
using Lunix.Arch.X86;
using Lunix.Elf;
using Lunix.Kernel.Ipc;
using Lunix.Kernel.Memory;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Calls
{
    // EXEC (MINIX's sys_exec, with the loading its VM and libexec do): a0 = the caller's
    // ExecRequest. PM starts a Linux program in a new POSIX process (Target = Endpoint.None, in a
    // free slot, sharing the user record, whose signal manager is PM), or replaces the program of
    // a POSIX process that waits for the caller's reply to its execve. The file lies in the
    // caller's memory or behind a grant made out to it; the kernel checks it (Lunix.Elf.ElfImage:
    // ET_EXEC, or ET_DYN placed at the request's bias; no interpreter), builds a fresh address
    // space with each segment's bytes and rights, maps the stack's top ExecLayout.StackMapped
    // bytes with the caller's start-up image at the very top, maps the vDSO and its clock page
    // (Process/Vdso.cs), and starts the program at its
    // entry with the stack pointer on argc and every other register zero (FS base and vector
    // registers too). VM's record of the new space gets the program's layout (its segments, the
    // stack's reserve and where brk starts: VmCheckpoints.StartProgram), so VM knows it before
    // the program's first fault or call. Nothing of the old program changes until the new one
    // is complete; then it goes, and the process's pending call ends without a reply. Returns
    // the endpoint. ENOEXEC
    // for a file that is no program Lunix runs; EINVAL for a bad request or a target that is not
    // a POSIX process waiting for the caller; EFAULT for what cannot be read; EAGAIN without a
    // free slot; ENOMEM without memory.
    internal static unsafe class DoExec
    {
        private const ulong PageSize = FrameAllocator.FrameSize;
        private const ulong MaxImage = 256UL << 20;
        private const int HeaderBytes = 4096;                       // the ELF header and program headers must lie here

        public static long Run(int slot, ulong requestAddress)
        {
            ExecRequest request;
            long copied = VmSuspension.CopyIn(slot, new UserSlice<Readable>(requestAddress, (ulong)sizeof(ExecRequest)), new Span<byte>(&request, sizeof(ExecRequest)));
            if (copied != 0) return copied;
            if (request.ImageLength == 0 || request.ImageLength > MaxImage || request.StackLength == 0 || request.StackLength % 16 != 0
                || request.StackLength > ExecLayout.StackMapped || request.Priority < 0 || request.Priority >= ProgramLoadRequest.Priorities)
                return -(long)Errno.EINVAL;
            int target = -1;
            if (request.Target != Endpoint.None && !WaitsForCaller(slot, request.Target, out target)) return -(long)Errno.EINVAL;
            Errno found = FindImage(slot, in request, out int owner, out ulong imageAddress);
            if (found != Errno.Ok) return -(long)found;

            // The headers, to check the file; the segments are copied straight from the owner.
            byte* headers = stackalloc byte[HeaderBytes];
            int headerLength = (int)Math.Min((ulong)HeaderBytes, request.ImageLength);
            if (!ProcessMemory.Read(owner, imageAddress, new Span<byte>(headers, headerLength))) return -(long)Errno.EFAULT;
            if (!ElfImage.TryParse(new ReadOnlySpan<byte>(headers, headerLength), request.ImageLength, request.LoadBias, allowPositionIndependent: true,
                                   out ElfImage image, out _))
                return -(long)Errno.ENOEXEC;

            if (AddressSpace.Create(KernelAddressSpace.Kernel, out AddressSpace space) != PagingResult.Ok) return -(long)Errno.ENOMEM;
            Errno built = Build(ref space, in image, owner, imageAddress, slot, in request);
            if (built != Errno.Ok)
            {
                space.Destroy();
                return -(long)built;
            }
            if (target < 0)
            {
                target = ProcessTable.FindFree();
                if (target < 0 || IpcProcesses.AdmitUser(target) != Errno.Ok)
                {
                    space.Destroy();
                    return -(long)Errno.EAGAIN;
                }
                ProcessTable.Slot(target) = default;
                ProcessTable.Slot(target).Priority = request.Priority;
            }
            else
            {
                IpcProcesses.Engine.EndCall(target);
                ProcessTable.Slot(target).Space.Destroy();      // not loaded: the caller runs
            }
            Start(target, ref space, image.EntryAddress, in request);
            VmCheckpoints.StartProgram(target, in image);
            return IpcProcesses.EndpointOf(target);
        }

        // A POSIX process blocked in its system call, waiting for the caller's reply (its execve).
        private static bool WaitsForCaller(int slot, int endpoint, out int target)
        {
            if (!IpcProcesses.TryResolve(endpoint, out target) || !ProcessTable.Slot(target).Posix) return false;
            ref readonly ProcessSlot waiting = ref IpcProcesses.Engine[target];
            return ProcessTable.Slot(target).State == ProcessState.Blocked && (waiting.Flags & ProcessFlags.Sending) == 0
                   && (waiting.Flags & ProcessFlags.Receiving) != 0 && waiting.ReceiveFrom == IpcProcesses.EndpointOf(slot);
        }

        // Where the file's bytes are: the caller's own memory, or a grant's owner's.
        private static Errno FindImage(int slot, in ExecRequest request, out int owner, out ulong address)
        {
            owner = slot;
            address = request.ImageAddress;
            if (request.ImageOwner == Endpoint.Self) return Errno.Ok;
            var tables = new ProcessGrantTables();
            Errno verdict = GrantChain.Resolve(ref tables, IpcProcesses.EndpointOf(slot), request.ImageOwner, request.ImageGrant,
                                               request.ImageAddress, request.ImageLength, GrantFlags.Read, out GrantTarget granted);
            owner = granted.Slot;
            address = granted.Address;
            return verdict;
        }

        // Each segment mapped writable, filled from the file, then given its own rights; the
        // stack mapped and the start-up image copied to its top.
        private static Errno Build(ref AddressSpace space, in ElfImage image, int owner, ulong imageAddress, int caller, in ExecRequest request)
        {
            ref AddressSpace source = ref ProcessTable.Slot(owner).Space;
            for (int i = 0; i < image.SegmentCount; i++)
            {
                ElfSegment segment = image.Segment(i);
                ulong start = segment.VirtualAddress & ~(PageSize - 1);
                ulong end = (segment.End + PageSize - 1) & ~(PageSize - 1);
                if (space.MapAnonymous(start, end - start, PageAttributes.User | PageAttributes.Writable | PageAttributes.NoExecute) != PagingResult.Ok)
                    return Errno.ENOMEM;
                if (!ProcessMemory.Copy(ref source, imageAddress + segment.FileOffset, ref space, segment.VirtualAddress, segment.FileSize))
                    return Errno.EFAULT;
                if (space.Protect(start, end - start, AttributesOf(segment)) != PagingResult.Ok) return Errno.ENOMEM;
            }
            const ulong StackBottom = ExecLayout.StackTop - ExecLayout.StackMapped;
            if (space.MapAnonymous(StackBottom, ExecLayout.StackMapped, PageAttributes.User | PageAttributes.Writable | PageAttributes.NoExecute) != PagingResult.Ok
                || Vdso.MapInto(ref space) != PagingResult.Ok)
                return Errno.ENOMEM;
            return ProcessMemory.Copy(ref ProcessTable.Slot(caller).Space, request.StackAddress, ref space, ExecLayout.StackTop - request.StackLength, request.StackLength)
                ? Errno.Ok : Errno.EFAULT;
        }

        private static PageAttributes AttributesOf(ElfSegment segment)
        {
            PageAttributes attributes = PageAttributes.User;
            if (segment.Writable) attributes |= PageAttributes.Writable;
            if (!segment.Executable) attributes |= PageAttributes.NoExecute;
            return attributes;
        }

        // The slot runs the new program from its entry point, as a freshly started one.
        private static void Start(int slot, ref AddressSpace space, ulong entry, in ExecRequest request)
        {
            ref Process.Process process = ref ProcessTable.Slot(slot);
            process.Space = space;
            process.SpaceId = ProcessTable.NewSpaceId();
            process.Posix = true;
            process.FsBase = 0;
            process.SpawnedAt = Endpoint.None;
            Span<char> name = stackalloc char[ServiceLabel.Max];
            ProcessTable.ImageOf(slot) = new ProgramImage { Name = new string(name.Slice(0, request.Name.CopyTo(name))), Priority = process.Priority };
            TrapFrame* frame = ProcessTable.FrameOf(slot);
            *frame = default;
            frame->Rip = entry;
            frame->Cs = Gdt.UserCode;
            frame->Ss = Gdt.UserData;
            frame->Rsp = ExecLayout.StackTop - request.StackLength;
            frame->Rflags = 0x202;                                  // IF, and the reserved bit 1
            ProcessTable.ResetVectorState(slot);
            MessageDelivery.Forget(slot);
            MessageDelivery.RememberBuffer(slot, MessageDelivery.PosixReplies);
            StoppedProcesses.WaitEnded(slot);
        }
    }
}
