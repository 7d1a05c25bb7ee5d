using System;
using System.Runtime;
using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Vm
{
    // VM, the virtual-memory server (MINIX's servers/vm): it owns the policy of user memory, the
    // kernel keeps the page tables. The kernel sends it, in a blocked process's name, that
    // process's page faults and the memory its suspended kernel calls need; VM answers those
    // with one VMRESOLVE each: a zeroed page for a demand-zero region, a private copy for a
    // copy-on-write write, or the refusal that becomes SIGSEGV (or EFAULT) outside its regions
    // or against their rights. POSIX processes' memory calls come as PosixCalls (PosixMemory);
    // VM's own clients ask for anonymous memory (Map, Unmap), to share ranges (MapMemory,
    // UnmapMemory) and to fork (Fork; PM's ForkProcess for a POSIX process: Forks.cs).
    // Protocol: Abi/VmRequests.cs; regions: RegionTable.cs. Clients get replies by SENDNB.
    internal static class Vm
    {
        private const ulong PageSize = VmRequests.PageSize;

        private static RegionTable s_regions;
        private static PosixMemory s_posix;
        private static FileMappings s_files;
        private static long s_demandZeroFaults, s_copyOnWriteFaults, s_segfaults, s_memoryRequests;

        public static bool FilesBusy => s_files != null && s_files.Busy;

        [RuntimeExport("LunixProgramMain")]
        private static int Main()
        {
            // A restarted or updated VM starts with no copy of anyone's regions: it loads each
            // process's from the kernel at its first fault or request. Those the old VM left
            // waiting fault again, or make their kernel call again, and their messages wait here.
            s_regions = new RegionTable(new KernelRegionRecords());
            var pages = new KernelPageTables();
            s_files = new FileMappings(s_regions, pages, new VfsFileReader(), new PosixReplies());
            s_posix = new PosixMemory(s_regions, pages, s_files);
            Sef.Startup(new VmEvents());
            while (true)
            {
                if (Sef.Receive(out Message message) != 0) continue;
                switch (message.Type)
                {
                    case VmRequests.PageFault: PageFault(message.Source, in message.Payload<VmPageFault>()); continue;
                    case VmRequests.MemoryRequest: MemoryRequest(message.Source, in message.Payload<VmMemoryRequest>()); continue;
                    case PosixRequests.Call:
                        long result = s_posix.Handle(message.Source, in message.Payload<PosixCall>());
                        if (result != PosixMemory.Deferred) PosixReplies.Send(message.Source, result);
                        continue;
                    case VfsRequests.Reply: s_files.Answer(message.Source, in message.Payload<VfsReply>()); continue;
                    case Message.NotifyMessage: continue;
                }
                Message reply = default;
                reply.Type = message.Type + 1;
                reply.Payload<VmReply>().Result = Handle(ref message, ref reply.Payload<VmReply>());
                Sef.Reply(message.Source, ref reply);
            }
        }

        // The hot path: one look-up and one kernel call.
        private static void PageFault(int process, in VmPageFault fault)
        {
            ulong address = fault.Address;
            long code = fault.ErrorCode;
            VmAction action = VmAction.Fail, refusal = VmAction.Fail;
            VmProtection protection = VmProtection.Read;
            if (s_regions.TryFind(process, fault.Space, address, out VmRegion region))
            {
                refusal = VmAction.Refuse;
                // The access must be one the region allows; then a missing page is demand-zero,
                // and a write to a present one is copy-on-write. Any other fault on a present page
                // is a real protection fault, and so is every fault in a Device region, whose
                // pages are all there from the start and are never VM's to give.
                if ((region.Flags & VmRegionFlags.Device) == 0 && Allows(region.Protection, code))
                {
                    protection = RegionTable.PageRights(in region);
                    if ((code & VmFaultCode.Present) == 0) action = VmAction.MapZero;
                    else if ((code & VmFaultCode.Write) != 0) action = VmAction.CopyOnWrite;
                }
            }
            // A write to a present page outside every region: a native program's data or stack,
            // which the kernel's loader mapped (VM keeps no regions for them) and a fork made
            // copy-on-write. Only the kernel knows whether the page is: if not, VMRESOLVE refuses
            // and the fault is a real one.
            else if ((code & (VmFaultCode.Present | VmFaultCode.Write | VmFaultCode.Execute)) == (VmFaultCode.Present | VmFaultCode.Write))
                action = VmAction.CopyOnWrite;
            if (action != VmAction.Fail && Resolve(process, address, action, protection) == 0)
            {
                if (action == VmAction.MapZero) s_demandZeroFaults++; else s_copyOnWriteFaults++;
                return;
            }
            // Outside every region (SEGV_MAPERR), not allowed (Refuse: SEGV_ACCERR), or no memory
            // for it: SIGSEGV from its signal manager.
            if (Resolve(process, address, refusal, VmProtection.Read) == 0) s_segfaults++;
        }

        private static bool Allows(VmProtection rights, long code) =>
            (rights & VmProtection.NoAccess) == 0
            && ((code & VmFaultCode.Write) == 0 || (rights & VmProtection.Writable) != 0)
            && ((code & VmFaultCode.Execute) == 0 || (rights & VmProtection.Executable) != 0);

        // A kernel call of `process` needs a page of the request's owner, and the Length after
        // it: back what of it the page's region holds if the region allows the access, and the
        // call starts again; else it fails with EFAULT.
        private static void MemoryRequest(int process, in VmMemoryRequest request)
        {
            s_memoryRequests++;
            bool backed = s_regions.TryFind(request.Owner, request.OwnerSpace, request.Page, out VmRegion region)
                          && (region.Flags & VmRegionFlags.Device) == 0 && Allows(region.Protection, request.Write ? VmFaultCode.Write : 0)
                          && Syscalls.KernelCall(KernelCalls.VmMap, request.Owner, (long)request.Page, (long)BackedLength(in request, in region),
                                                 (long)RegionTable.PageRights(in region)) == 0;
            Resolve(process, 0, backed ? VmAction.Retry : VmAction.Fail, VmProtection.Read);
        }

        // Whole pages from the request's page, at least one, no further than its region.
        private static ulong BackedLength(in VmMemoryRequest request, in VmRegion region) =>
            Math.Max(PageSize, Math.Min(RoundUp(request.Length), region.End - request.Page));

        private static long Resolve(int process, ulong address, VmAction action, VmProtection protection) =>
            Syscalls.KernelCall(KernelCalls.VmResolve, process, (long)address, (long)action, (long)protection);

        // A client's request: its result, with what it asked for in `reply`.
        private static long Handle(ref Message message, ref VmReply reply)
        {
            int caller = message.Source;
            switch (message.Type)
            {
                case VmRequests.Map:
                    ref VmMapRequest map = ref message.Payload<VmMapRequest>();
                    return s_regions.Add(caller, RoundUp(map.Length), map.Protection, Endpoint.None, out reply.Address);
                case VmRequests.MapPhysical:
                    return MapPhysical(caller, in message.Payload<VmMapPhysicalRequest>(), out reply.Address);
                case VmRequests.MapContiguous:
                    return MapContiguous(caller, message.Payload<VmMapContiguousRequest>().Length, out reply.Address, out reply.Physical);
                case VmRequests.Unmap:
                    ref VmUnmapRequest unmap = ref message.Payload<VmUnmapRequest>();
                    return Unmap(caller, caller, unmap.Address, unmap.Length);
                case VmRequests.MapMemory:
                    return MapMemory(caller, in message.Payload<VmMapMemoryRequest>(), out reply.Address);
                case VmRequests.UnmapMemory:
                    ref VmUnmapMemoryRequest unmapMemory = ref message.Payload<VmUnmapMemoryRequest>();
                    return Unmap(unmapMemory.Process, caller, unmapMemory.Address, unmapMemory.Length);
                case VmRequests.Statistics:
                    reply.Statistics = new VmStatistics
                    {
                        DemandZeroFaults = s_demandZeroFaults, CopyOnWriteFaults = s_copyOnWriteFaults,
                        Segfaults = s_segfaults, MemoryRequests = s_memoryRequests,
                    };
                    return 0;
                case VmRequests.Fork:
                    return Forks.ForkCaller(s_regions, caller);
                case VmRequests.ForkProcess:
                    return caller == BootEndpoints.Pm ? Forks.ForkProcess(s_regions, message.Payload<VmForkProcess>().Process) : -(int)Errno.EPERM;
                case VmRequests.Regions:
                    return caller == BootEndpoints.ProcFs ? RegionsOf(caller, in message.Payload<VmRegionsRequest>()) : -(int)Errno.EPERM;
                default:
                    return -(int)Errno.EBADREQUEST;
            }
        }

        // vm_map_phys: a Device region, then the kernel maps the range into it if the caller's
        // privileges allow (the kernel checks them); a refusal takes the region back.
        private static int MapPhysical(int caller, in VmMapPhysicalRequest request, out ulong address)
        {
            if (((request.Physical | request.Length) & (PageSize - 1)) != 0) { address = 0; return -(int)Errno.EINVAL; }
            int added = s_regions.AddDevice(caller, request.Length, out address);
            if (added != 0) return added;
            long mapped = Syscalls.KernelCall(KernelCalls.VmMapPhysical, caller, (long)address, (long)request.Length,
                                              PhysicalMapping.Pack(request.Physical, request.Caching));
            return mapped == 0 ? 0 : TakeBack(caller, ref address, request.Length, mapped);
        }

        // alloc_contig: a Device region, then the kernel backs it with a contiguous run of frames
        // (at most 4 MiB: the kernel refuses more).
        private static int MapContiguous(int caller, ulong length, out ulong address, out ulong physical)
        {
            physical = 0;
            int added = s_regions.AddDevice(caller, RoundUp(length), out address);
            if (added != 0) return added;
            long first = Syscalls.KernelCall(KernelCalls.VmMapContiguous, caller, (long)address, (long)RoundUp(length));
            if (first < 0) return TakeBack(caller, ref address, RoundUp(length), first);
            physical = (ulong)first;
            return 0;
        }

        private static int TakeBack(int caller, ref ulong address, ulong length, long error)
        {
            s_regions.Remove(caller, address, length, caller);
            address = 0;
            return (int)error;
        }

        // /proc/PID/maps: the process's regions, as many as the caller's grant holds.
        private static long RegionsOf(int caller, in VmRegionsRequest request)
        {
            if (request.Count < 0 || s_regions.Open(request.Process, out int entry) != 0) return -(int)Errno.ENOENT;
            System.ReadOnlySpan<VmRegion> regions = s_regions.Regions(entry);
            if (regions.Length > request.Count) regions = regions.Slice(0, request.Count);
            System.ReadOnlySpan<byte> bytes = System.Runtime.InteropServices.MemoryMarshal.Cast<VmRegion, byte>(regions);
            if (bytes.Length > 0 && new GrantedSlice<Writable>(caller, request.Grant, 0, (ulong)bytes.Length).CopyFrom(bytes) != 0) return -(int)Errno.EFAULT;
            return regions.Length;
        }

        // The region first, then its pages: a fault in between would find no region and be refused.
        private static int Unmap(int endpoint, int requester, ulong address, ulong length)
        {
            int removed = s_regions.Remove(endpoint, address, length, requester);
            if (removed != 0) return removed;
            return (int)Syscalls.KernelCall(KernelCalls.VmUnmap, endpoint, (long)address, (long)length);
        }

        // map_memory: the caller's range, inside one of its regions, becomes a region of `target`
        // (the caller is its giver) on the same frames, backed first so that both really share;
        // at the same address when the request says so (a live update's hand-over).
        private static int MapMemory(int caller, in VmMapMemoryRequest request, out ulong targetAddress)
        {
            targetAddress = 0;
            int target = request.Target;
            ulong address = request.Address, length = request.Length;
            VmShareMode mode = request.Mode;
            if (mode != VmShareMode.Shared && mode != VmShareMode.CopyOnWrite) return -(int)Errno.EINVAL;
            if (length == 0 || ((address | length) & (PageSize - 1)) != 0) return -(int)Errno.EINVAL;
            if (!s_regions.TryFindCurrent(caller, address, out VmRegion source) || address + length > source.End) return -(int)Errno.EINVAL;
            ulong at = address;
            int added = request.SameAddress ? s_regions.AddAtSameAddress(target, address, length, source.Protection, caller)
                                            : s_regions.Add(target, length, source.Protection, caller, out at);
            if (added != 0) return added;
            VmShareRequest share = new()
            {
                SourceEndpoint = caller, TargetEndpoint = target, SourceAddress = address, TargetAddress = at,
                Length = length, Mode = mode, Protection = source.Protection,
            };
            long shared = Syscalls.KernelCall(KernelCalls.VmMap, caller, (long)address, (long)length, (long)source.Protection);
            if (shared == 0) shared = Kernel.VmShare(in share);
            if (shared != 0)
            {
                s_regions.Remove(target, at, length, caller);
                Syscalls.KernelCall(KernelCalls.VmUnmap, target, (long)at, (long)length);
                return (int)shared;
            }
            targetAddress = at;
            return 0;
        }

        private static ulong RoundUp(ulong length) => length > RegionTable.MaxLength ? length : (length + PageSize - 1) & ~(PageSize - 1);
    }

    // A live update waits for the file mappings being filled: their state (a MapRead out, the
    // queue) is not handed over, and the new version could not take VFS's answer.
    internal sealed class VmEvents : SefService
    {
        public override int PrepareLiveUpdate() => Vm.FilesBusy ? -(int)Errno.EBUSY : 0;
    }
}
