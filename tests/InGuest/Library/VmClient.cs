using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.Tests.InGuest
{
    // A client of VM that must not notice VM being restarted or replaced (the recovery and
    // liveupdate suites use it): it maps a region, touches its first page, and after VM
    // changed checks that the new VM still knows the region: another page of it is demand-zero
    // (a fault the new VM answers), the first kept what was written, and it can be unmapped.
    public unsafe struct VmClient
    {
        private const ulong Page = VmRequests.PageSize;
        private const ulong Pages = 4;
        private const ulong Mark = 0x5EED_1234_ABCD_0001;
        private ulong address;

        // Before VM changes: a region of Pages pages, the first written.
        public bool MapAndTouch()
        {
            long mapped = VirtualMemory.Map(Pages * Page, VmProtection.Writable);
            if (mapped <= 0) return false;
            address = (ulong)mapped;
            *(ulong*)address = Mark;
            return *(ulong*)address == Mark;
        }

        // After: `page` (1 .. Pages - 1, untouched so far) is zero, then takes a write, and the new
        // VM counted a demand-zero fault for it.
        public bool TouchesAnotherPage(ulong page)
        {
            if (address == 0 || page == 0 || page >= Pages || VirtualMemory.Statistics(out VmStatistics before) != 0) return false;
            ulong* word = (ulong*)(address + page * Page);
            bool zero = *word == 0;
            *word = Mark + page;
            return zero && *word == Mark + page && *(ulong*)address == Mark
                   && VirtualMemory.Statistics(out VmStatistics after) == 0 && after.DemandZeroFaults == before.DemandZeroFaults + 1;
        }

        public bool Unmaps()
        {
            bool unmapped = address != 0 && VirtualMemory.Unmap(address, Pages * Page) == 0;
            address = 0;
            return unmapped;
        }
    }
}
