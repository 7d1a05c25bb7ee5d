using Lunix.Abi;

namespace Lunix.SystemLibrary
{
    // Requests to the VM server (Abi/VmRequests.cs), one SENDREC each. Results are an address, 0,
    // or a negated Errno (the SENDREC's own, or VM's answer); user addresses are below 2^47, so
    // an address is never negative.
    public static class VirtualMemory
    {
        // Anonymous demand-zero memory (mmap): its address. Recorded in OwnRegions, for a live
        // update to hand over; ENOMEM when that table is full.
        public static long Map(ulong length, VmProtection protection)
        {
            Message message = Request(VmRequests.Map);
            ref VmMapRequest request = ref message.Payload<VmMapRequest>();
            request.Length = length;
            request.Protection = protection;
            long address = AddressOrError(ref message);
            if (address < 0 || OwnRegions.Add((ulong)address, WholePages(length))) return address;
            Unmap((ulong)address, length);
            return -(int)Errno.ENOMEM;
        }

        // Device memory (vm_map_phys): the physical range, whole pages inside the caller's memory
        // ranges, mapped at `address`. 0, or EPERM outside those ranges or over RAM. Not recorded
        // in OwnRegions: a new version of the driver maps its device again.
        public static long MapPhysical(ulong physical, ulong length, PhysicalCaching caching, out ulong address)
        {
            Message message = Request(VmRequests.MapPhysical);
            ref VmMapPhysicalRequest request = ref message.Payload<VmMapPhysicalRequest>();
            request.Physical = physical;
            request.Length = WholePages(length);
            request.Caching = caching;
            long result = Exchange(ref message);
            address = result == 0 ? message.Payload<VmReply>().Address : 0;
            return result;
        }

        // DMA memory (alloc_contig): `length` bytes (whole pages, at most 4 MiB) of physically
        // contiguous zeroed memory below 4 GiB at `address`, starting at `physical`. 0, or ENOMEM.
        // Not recorded in OwnRegions, as MapPhysical's.
        public static long MapContiguous(ulong length, out ulong address, out ulong physical)
        {
            Message message = Request(VmRequests.MapContiguous);
            message.Payload<VmMapContiguousRequest>().Length = WholePages(length);
            long result = Exchange(ref message);
            address = result == 0 ? message.Payload<VmReply>().Address : 0;
            physical = result == 0 ? message.Payload<VmReply>().Physical : 0;
            return result;
        }

        public static long Unmap(ulong address, ulong length)
        {
            Message message = Request(VmRequests.Unmap);
            ref VmUnmapRequest request = ref message.Payload<VmUnmapRequest>();
            request.Address = address;
            request.Length = length;
            long result = Exchange(ref message);
            if (result == 0) OwnRegions.Remove(address, WholePages(length));
            return result;
        }

        // map_memory: the caller's [address, address + length) into `target`; the address there,
        // which is `address` itself with `sameAddress` (EEXIST where the target has it taken).
        public static long MapMemory(int target, ulong address, ulong length, VmShareMode mode, bool sameAddress = false)
        {
            Message message = Request(VmRequests.MapMemory);
            ref VmMapMemoryRequest request = ref message.Payload<VmMapMemoryRequest>();
            request.Target = target;
            request.Mode = mode;
            request.Address = address;
            request.Length = length;
            request.SameAddress = sameAddress;
            return AddressOrError(ref message);
        }

        // unmap_memory: the region at `address` of `endpoint` (the caller's, or one it gave).
        public static long UnmapMemory(int endpoint, ulong address, ulong length)
        {
            Message message = Request(VmRequests.UnmapMemory);
            ref VmUnmapMemoryRequest request = ref message.Payload<VmUnmapMemoryRequest>();
            request.Process = endpoint;
            request.Address = address;
            request.Length = length;
            return Exchange(ref message);
        }

        // fork: a copy of the caller, whose memory is copy-on-write and whose VM regions are the
        // caller's, returns from this same call too: the child's endpoint here, 0 in the child.
        public static long Fork()
        {
            Message message = Request(VmRequests.Fork);
            return Exchange(ref message);
        }

        public static long Statistics(out VmStatistics statistics)
        {
            Message message = Request(VmRequests.Statistics);
            long result = Exchange(ref message);
            statistics = result == 0 ? message.Payload<VmReply>().Statistics : default;
            return result;
        }

        private static ulong WholePages(ulong length) => (length + VmRequests.PageSize - 1) & ~(VmRequests.PageSize - 1);

        private static Message Request(int type)
        {
            Message message = default;
            message.Type = type;
            return message;
        }

        private static long AddressOrError(ref Message message)
        {
            long result = Exchange(ref message);
            return result == 0 ? (long)message.Payload<VmReply>().Address : result;
        }

        private static long Exchange(ref Message message)
        {
            int sent = Syscalls.SendReceive(BootEndpoints.Vm, ref message);
            return sent != 0 ? sent : message.Payload<VmReply>().Result;
        }
    }
}
