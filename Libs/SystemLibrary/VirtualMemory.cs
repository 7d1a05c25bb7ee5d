using Lunix.Abi;

namespace Lunix.SystemLibrary
{
    // Requests to the VM server (Abi/VmRequests.cs), one SENDREC each. Results are an address, 0,
    // or a negated Errno (the SENDREC's own, or VM's answer); user addresses are below 2^47, so
    // an address is never negative.
    public static unsafe class VirtualMemory
    {
        // Anonymous demand-zero memory (mmap): its address.
        public static long Map(ulong length, VmProtection protection) => Ask(VmRequests.Map, (long)length, (long)protection, 0, 0);

        public static long Unmap(ulong address, ulong length) => Ask(VmRequests.Unmap, (long)address, (long)length, 0, 0);

        // map_memory: the caller's [address, address + length) into `target`; the address there.
        public static long MapMemory(int target, ulong address, ulong length, VmShareMode mode) =>
            Ask(VmRequests.MapMemory, target, (long)address, (long)length, (long)mode);

        // unmap_memory: the region at `address` of `endpoint` (the caller's, or one it gave).
        public static long UnmapMemory(int endpoint, ulong address, ulong length) => Ask(VmRequests.UnmapMemory, endpoint, (long)address, (long)length, 0);

        // fork: a copy of the caller, whose memory is copy-on-write and whose VM regions are the
        // caller's, returns from this same call too: the child's endpoint here, 0 in the child.
        public static long Fork() => Ask(VmRequests.Fork, 0, 0, 0, 0);

        public static long Statistics(out VmStatistics statistics)
        {
            Message message = default;
            message.Type = VmRequests.Statistics;
            long result = Exchange(&message);
            statistics = new VmStatistics
            {
                DemandZeroFaults = message.Word1, CopyOnWriteFaults = message.Word2, Segfaults = message.Word3, MemoryRequests = message.Word4,
            };
            return result;
        }

        private static long Ask(int type, long word0, long word1, long word2, long word3)
        {
            Message message = default;
            message.Type = type;
            message.Word0 = word0;
            message.Word1 = word1;
            message.Word2 = word2;
            message.Word3 = word3;
            long result = Exchange(&message);
            return result == 0 && (type == VmRequests.Map || type == VmRequests.MapMemory) ? message.Word1 : result;
        }

        private static long Exchange(Message* message)
        {
            int sent = Syscalls.SendReceive(BootEndpoints.Vm, message);
            return sent != 0 ? sent : message->Word0;
        }
    }
}
