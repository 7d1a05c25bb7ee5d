using System;
using System.Runtime;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Lunix.Abi;
using Lunix.SystemLibrary;
using Lunix.Tests.InGuest;

namespace Lunix.Tests.InGuest.VmTest
{
    // The vm suite (suite=vm): checks the VM server from ring 3. Demand-zero regions, copy-on-write
    // after a duplication, map_memory shared and copy-on-write with unmap_memory, kernel calls
    // and IPC suspended on memory not yet there and restarted, a message delivered into memory
    // VM took away, a segmentation fault that reaches the faulting process's signal manager (this
    // program, for vmpeer), and fork: copy-on-write between this program and its child, and the
    // refusals. VM's counters
    // (VirtualMemory.Statistics) show that each fault really went through VM, and how many.
    internal static unsafe class VmTest
    {
        private const ulong Page = VmRequests.PageSize;
        private const ulong Unused = 0x0000_6000_0000_0000;          // in no region of anyone
        private static readonly byte[] s_granted = new byte[64];
        private const ulong ProcessSlots = Lunix.Abi.Endpoint.Slots;
        private const uint PostPort = 0x80;                          // the POST-code port: reading it changes nothing
        private const string DiagLine = "vmtest: DIAGCTL waited for VM to back the zero that ends this line: ";

        // A global variable with a page of its own: the page-aligned page inside two pages of
        // static data, which no other variable shares, so the faults on it are the test's alone.
        [StructLayout(LayoutKind.Sequential, Size = 2 * (int)Page)]
        private struct TwoPages { private long _first; }
        private static TwoPages s_global;

        [RuntimeExport("LunixProgramMain")]
        private static int Main()
        {
            int failed = 0;
            Tap.Plan(21);
            failed += Tap.Check(1, "an anonymous region is demand-zero: no page before the first touch, zeroes after, one VM fault per page", DemandZero());
            failed += Tap.Check(2, "munmap removes a region and its pages, and a new region starts zeroed", UnmapAnonymous());
            failed += Tap.Check(3, "copy-on-write map_memory of written data: each side's first write copies only its page (a VM fault each), the other keeps the old data", CopyOnWriteOfWrittenData());
            failed += Tap.Check(4, "map_memory shared: both map the same frame and each sees the other's writes", SharedMapMemory());
            failed += Tap.Check(5, "map_memory copy-on-write then unmap_memory: the other side loses the page, and the page left alone is written in place", CopyOnWriteMapMemoryThenUnmap());
            failed += Tap.Check(6, "a SAFECOPY into two pages not backed yet is suspended once, VM backs both, and the call restarts and completes", SuspendedCallRestarts());
            failed += Tap.Check(7, "a SAFECOPY into memory outside every region fails with EFAULT once VM refuses it", SuspendedCallRefused());
            failed += Tap.Check(8, "VM refuses bad requests: empty or unknown protection, ranges outside the caller's regions, a dead target, unknown requests", BadRequests());
            // Before 13, which ends vmpeer: 10 and 11 need it.
            failed += Tap.Check(9, "a SENDREC whose message reaches into a page not backed yet waits for VM and restarts: VM gets the request and its reply arrives", SuspendedSendReceive());
            failed += Tap.Check(10, "a RECEIVE into two pages not backed yet waits for VM once, VM backs both, and the message arrives intact", SuspendedReceive());
            failed += Tap.Check(11, "a SEND or RECEIVE with a buffer outside every region fails with EFAULT once VM refuses it, and the refused RECEIVE takes no message", RefusedIpcBuffers());
            failed += Tap.Check(12, "a reply into memory VM unmapped while its caller waited is refused by VM: the SENDREC fails with EFAULT", RefusedDelivery());
            failed += Tap.Check(13, "a fault outside every region reaches the process's signal manager as SIGSEGV, which GETKSIG takes only once it wrote the report (waiting for VM first)", SegfaultReported());
            failed += Tap.Check(14, "copy-on-write after fork: each side keeps its own region page, global and stack variable; the child's writes copy just those pages, a VM fault each", CopyOnWriteAfterFork());
            failed += Tap.Check(15, "fork refused: FORK is VM's call alone, with no privilege record free VM answers EAGAIN and makes nothing, and exited children free their slots, frames and records", ForkRefused());
            failed += Tap.Check(16, "GETINFO, TIMES, DIAGCTL, VDEVIO, SENDA's table, SAFECOPY's grant table and request in memory not backed yet: each call waits for VM once, restarts and completes", KernelCallsWaitForVm());
            failed += Tap.Check(17, "GETINFO, TIMES, DIAGCTL, VDEVIO, SENDA's table, SAFECOPY's grant table and request outside every region: each call fails with EFAULT once VM refuses it", KernelCallsRefused());
            failed += Tap.Check(18, "the process table has 1,024 slots: GETINFO says so, a SEND to a free slot past 64 and 256 up to 1,023 finds it dead (EDEADSRCDST), and one to slot 1,024 names no slot (EINVAL)", TableOfEveryProcess());
            failed += Tap.Check(19, "GETINFO Framebuffer describes the screen the firmware left: BIOS text mode 80x25 at 0xB8000, or GOP's pixels", DeviceMemory.ScreenDescribed());
            failed += Tap.Check(20, "MapPhysical maps device memory inside the program's memory ranges (the HPET's registers read through two mappings, the framebuffer write-combining) and refuses ranges outside them, over RAM, misaligned or with unknown caching", DeviceMemory.MapsDeviceMemory());
            failed += Tap.Check(21, "MapContiguous gives zeroed DMA memory below 4 GiB whose pages are physically consecutive, freed when unmapped; more than 4 MiB is refused", DeviceMemory.MapsContiguousMemory());
            return failed;
        }

        private static bool DemandZero()
        {
            long region = VirtualMemory.Map(4 * Page, VmProtection.Writable);
            if (region < 0 || VirtualMemory.Statistics(out VmStatistics before) != 0) return false;
            bool absent = Umap((ulong)region) == -(int)Errno.EFAULT;
            bool zero = true, kept = true;
            for (ulong page = 0; page < 4; page++)
            {
                long* words = (long*)((ulong)region + page * Page);
                zero &= words[0] == 0 && words[511] == 0;
                words[7] = (long)page + 100;
            }
            for (ulong page = 0; page < 4; page++) kept &= ((long*)((ulong)region + page * Page))[7] == (long)page + 100;
            return absent && zero && kept && VirtualMemory.Statistics(out VmStatistics after) == 0
                   && after.DemandZeroFaults - before.DemandZeroFaults == 4 && Umap((ulong)region) > 0;
        }

        private static bool UnmapAnonymous()
        {
            long region = VirtualMemory.Map(2 * Page, VmProtection.Writable);
            if (region < 0) return false;
            *(long*)region = 42;
            if (VirtualMemory.Unmap((ulong)region, 2 * Page) != 0 || Umap((ulong)region) != -(int)Errno.EFAULT) return false;
            long again = VirtualMemory.Map(2 * Page, VmProtection.Writable);
            return VirtualMemory.Unmap((ulong)region, 2 * Page) == -(int)Errno.EINVAL
                   && again > 0 && again != region && *(long*)again == 0;
        }

        private static bool CopyOnWriteOfWrittenData()
        {
            long source = VirtualMemory.Map(2 * Page, VmProtection.Writable);
            if (source < 0) return false;
            long* first = (long*)source, second = (long*)((ulong)source + Page);
            *first = 0x1111;
            *second = 0x2222;
            long copy = VirtualMemory.MapMemory(TestEndpoints.VmPeer, (ulong)source, 2 * Page, VmShareMode.CopyOnWrite);
            if (copy < 0) return false;
            bool sharedFirst = Umap((ulong)source) == PeerUmap((ulong)copy);
            bool sees = PeerRead((ulong)copy) == 0x1111 && PeerRead((ulong)copy + Page) == 0x2222;
            if (VirtualMemory.Statistics(out VmStatistics before) != 0) return false;
            *first = 0xAAAA;                                // copies the first page here
            PeerWrite((ulong)copy + Page, 0xBBBB);          // and the second in vmpeer
            bool diverged = *first == 0xAAAA && PeerRead((ulong)copy) == 0x1111
                            && *second == 0x2222 && PeerRead((ulong)copy + Page) == 0xBBBB;
            return sharedFirst && sees && diverged && VirtualMemory.Statistics(out VmStatistics after) == 0
                   && after.CopyOnWriteFaults - before.CopyOnWriteFaults == 2 && Umap((ulong)source) != PeerUmap((ulong)copy);
        }

        private static bool SharedMapMemory()
        {
            long source = VirtualMemory.Map(Page, VmProtection.Writable);
            if (source < 0) return false;
            long* words = (long*)source;
            words[0] = 5;
            long shared = VirtualMemory.MapMemory(TestEndpoints.VmPeer, (ulong)source, Page, VmShareMode.Shared);
            if (shared < 0) return false;
            bool sameFrame = Umap((ulong)source) > 0 && Umap((ulong)source) == PeerUmap((ulong)shared);
            PeerWrite((ulong)shared, 77);
            words[1] = 99;
            return sameFrame && words[0] == 77 && PeerRead((ulong)shared + 8) == 99;
        }

        private static bool CopyOnWriteMapMemoryThenUnmap()
        {
            long source = VirtualMemory.Map(Page, VmProtection.Writable);
            if (source < 0) return false;
            long* word = (long*)source;
            *word = 7;
            long copy = VirtualMemory.MapMemory(TestEndpoints.VmPeer, (ulong)source, Page, VmShareMode.CopyOnWrite);
            if (copy < 0 || PeerRead((ulong)copy) != 7) return false;
            if (VirtualMemory.UnmapMemory(TestEndpoints.VmPeer, (ulong)copy, Page) != 0 || PeerUmap((ulong)copy) != -(int)Errno.EFAULT) return false;
            long frame = Umap((ulong)source);
            if (VirtualMemory.Statistics(out VmStatistics before) != 0) return false;
            *word = 8;                                      // copy-on-write still, but the only mapping
            return *word == 8 && Umap((ulong)source) == frame && VirtualMemory.Statistics(out VmStatistics after) == 0
                   && after.CopyOnWriteFaults - before.CopyOnWriteFaults == 1;
        }

        // The buffer straddles two untouched pages: the call waits for VM once, which backs both
        // (the rest of the copy from the first absent page), not once a page.
        private static bool SuspendedCallRestarts()
        {
            for (int i = 0; i < s_granted.Length; i++) s_granted[i] = (byte)(i * 3 + 1);
            int grant = GrantTable.GrantReadable(TestEndpoints.VmTest, s_granted);
            long region = VirtualMemory.Map(2 * Page, VmProtection.Writable);
            if (grant < 0 || region < 0 || VirtualMemory.Statistics(out VmStatistics before) != 0) return false;
            byte* buffer = (byte*)((ulong)region + Page - 32);
            bool copied = Syscalls.SafeCopyFrom(TestEndpoints.VmTest, grant, 0, buffer, (ulong)s_granted.Length) == 0;
            for (int i = 0; copied && i < s_granted.Length; i++) copied = buffer[i] == s_granted[i];
            return copied && VirtualMemory.Statistics(out VmStatistics after) == 0
                   && after.MemoryRequests - before.MemoryRequests == 1 && after.DemandZeroFaults == before.DemandZeroFaults;
        }

        private static bool SuspendedCallRefused()
        {
            int grant = GrantTable.GrantReadable(TestEndpoints.VmTest, s_granted);
            if (grant < 0 || VirtualMemory.Statistics(out VmStatistics before) != 0) return false;
            return Syscalls.SafeCopyFrom(TestEndpoints.VmTest, grant, 0, (void*)Unused, 16) == -(int)Errno.EFAULT
                   && VirtualMemory.Statistics(out VmStatistics after) == 0 && after.MemoryRequests - before.MemoryRequests == 1;
        }

        private static bool BadRequests()
        {
            long region = VirtualMemory.Map(Page, VmProtection.Writable);
            Message unknown = default;
            unknown.Type = 0x09F0;
            return region > 0
                   && VirtualMemory.Map(0, VmProtection.Writable) == -(int)Errno.EINVAL
                   && VirtualMemory.Map(Page, (VmProtection)4) == -(int)Errno.EINVAL
                   && VirtualMemory.Unmap(Unused, Page) == -(int)Errno.EINVAL
                   && VirtualMemory.MapMemory(TestEndpoints.VmPeer, Unused, Page, VmShareMode.Shared) == -(int)Errno.EINVAL
                   && VirtualMemory.MapMemory(TestEndpoints.VmPeer, (ulong)region, 2 * Page, VmShareMode.Shared) == -(int)Errno.EINVAL
                   && VirtualMemory.MapMemory(TestEndpoints.VmPeer, (ulong)region, Page, (VmShareMode)7) == -(int)Errno.EINVAL
                   && VirtualMemory.MapMemory(40, (ulong)region, Page, VmShareMode.Shared) == -(int)Errno.EDEADSRCDST
                   && Syscalls.SendReceive(BootEndpoints.Vm, ref unknown) == 0 && unknown.Payload<VmReply>().Result == -(int)Errno.EBADREQUEST;
        }

        // vmpeer reads where nothing is: VM refuses the fault, the kernel reports it and tells
        // vmpeer's signal manager, this program, which takes the signal and ends vmpeer.
        private static bool SegfaultReported()
        {
            if (VirtualMemory.Statistics(out VmStatistics before) != 0) return false;
            Message message = default;
            message.Type = VmPeerRequests.Read;
            message.Payload<VmPeerAccess>().Address = Unused;
            if (Syscalls.Send(TestEndpoints.VmPeer, message) != 0) return false;
            if (Syscalls.Receive(Endpoint.Any, out message) != 0 || message.Source != BootEndpoints.System || message.Type != Message.NotifyMessage) return false;
            // The report straddles two untouched pages: GETKSIG waits for VM once, for both.
            long region = VirtualMemory.Map(2 * Page, VmProtection.Writable);
            if (region < 0) return false;
            SignalReport* report = (SignalReport*)((ulong)region + Page - 4);
            bool refused = Syscalls.KernelCall(KernelCalls.GetKSig, (long)Unused) == -(int)Errno.EFAULT;
            if (Syscalls.KernelCall(KernelCalls.GetKSig, (long)report) != 0) return false;
            bool segv = report->Endpoint == TestEndpoints.VmPeer && (report->Signals & Signals.Bit(Signals.SIGSEGV)) != 0;
            SignalReport none;
            bool collected = Syscalls.KernelCall(KernelCalls.GetKSig, (long)&none) == 0 && none.Endpoint == Endpoint.None;
            return refused && segv && collected && VirtualMemory.Statistics(out VmStatistics after) == 0 && after.Segfaults - before.Segfaults == 1
                   && after.MemoryRequests - before.MemoryRequests == 2
                   && Syscalls.KernelCall(KernelCalls.Clear, TestEndpoints.VmPeer) == 0;
        }

        // A region of three pages: the first written before the fork and again by the child, the
        // second written before and only read by the child, the third never touched before (the
        // child's is demand-zero, from the region it inherited). The child also writes the global
        // and a local of this frame. VM's faults are counted from when the child has written its
        // stack (whose pages it may have copied anywhere on its way) to before it exits: exactly
        // one copy-on-write fault for the first page, one for the global's, and one demand-zero.
        private static bool CopyOnWriteAfterFork()
        {
            long region = VirtualMemory.Map(3 * Page, VmProtection.Writable);
            if (region < 0) return false;
            long* written = (long*)region, untouched = (long*)((ulong)region + Page), fresh = (long*)((ulong)region + 2 * Page);
            long* global = GlobalWord();
            long local = 0x3333;
            long* onStack = &local;
            *written = 0x1111;
            *untouched = 0x4444;
            *global = 0x2222;
            long writtenFrame = Umap((ulong)written), untouchedFrame = Umap((ulong)untouched), globalFrame = Umap((ulong)global);
            if (!KernelInfo(out ulong freeFrames, out ulong slotsInUse)) return false;

            long child = VirtualMemory.Fork();
            if (child == 0) ForkedChild((ulong)region, global, onStack);
            if (child < 0) return false;
            if (Syscalls.Receive((int)child, out Message readyMessage) != 0 || readyMessage.Type != ForkedChildRequests.Ready
                || VirtualMemory.Statistics(out VmStatistics before) != 0
                || !Answer((int)child) || Syscalls.Receive((int)child, out Message reportMessage) != 0 || reportMessage.Type != ForkedChildRequests.Report
                || VirtualMemory.Statistics(out VmStatistics after) != 0 || !Answer((int)child))
                return false;
            bool reaped = Syscalls.Receive((int)child, out _) == -(int)Errno.EDEADSRCDST;     // released by its exit

            ref ChildReady ready = ref readyMessage.Payload<ChildReady>();
            ref ChildReport report = ref reportMessage.Payload<ChildReport>();
            bool sharedAtFork = ready.WrittenFrame == writtenFrame && ready.UntouchedFrame == untouchedFrame && ready.GlobalFrame == globalFrame;
            bool childSawItsOwn = report.Written == 0xAAAA && report.Global == 0xBBBB && report.OnStack == 0xCCCC
                                  && report.Untouched == 0x4444 && report.Fresh == 0xDDDD;
            bool childCopiedWhatItWrote = report.WrittenFrame != writtenFrame && report.GlobalFrame != globalFrame;
            bool parentKept = *written == 0x1111 && *global == 0x2222 && *onStack == 0x3333 && *untouched == 0x4444
                              && Umap((ulong)written) == writtenFrame && Umap((ulong)global) == globalFrame
                              && Umap((ulong)fresh) == -(int)Errno.EFAULT;
            return sharedAtFork && childSawItsOwn && childCopiedWhatItWrote && parentKept && reaped
                   && after.CopyOnWriteFaults - before.CopyOnWriteFaults == 2 && after.DemandZeroFaults - before.DemandZeroFaults == 1
                   && KernelInfo(out ulong freeAfter, out ulong slotsAfter) && freeAfter == freeFrames && slotsAfter == slotsInUse;
        }

        // The forked child: it writes its stack variable and reports the frames it shares with
        // its parent; on the parent's word it writes the region's first and third pages and the
        // global, reports what it reads and its frames now, and exits when answered. It never
        // returns into the parent's code.
        private static void ForkedChild(ulong region, long* global, long* onStack)
        {
            long* written = (long*)region, untouched = (long*)(region + Page), fresh = (long*)(region + 2 * Page);
            *onStack = 0xCCCC;
            Message message = default;
            message.Type = ForkedChildRequests.Ready;
            message.Payload<ChildReady>() = new ChildReady
            {
                WrittenFrame = Umap((ulong)written), UntouchedFrame = Umap((ulong)untouched), GlobalFrame = Umap((ulong)global),
            };
            Syscalls.SendReceive(TestEndpoints.VmTest, ref message);
            *written = 0xAAAA;
            *global = 0xBBBB;
            *fresh = 0xDDDD;
            message = default;
            message.Type = ForkedChildRequests.Report;
            message.Payload<ChildReport>() = new ChildReport
            {
                Written = *written, Global = *global, OnStack = *onStack, Untouched = *untouched, Fresh = *fresh,
                WrittenFrame = Umap((ulong)written), GlobalFrame = Umap((ulong)global),
            };
            Syscalls.SendReceive(TestEndpoints.VmTest, ref message);
            Kernel.Exit(0);
        }

        // Forks until VM answers EAGAIN (every slot taken), each child waiting until told to exit;
        // one more fork is refused the same way and changes nothing. Then each child exits and is
        // reaped: the slots and frames in use are what they were before the first fork.
        // Forks until VM answers EAGAIN: this program is a system process, so each child takes a
        // privilege record of its own (a copy of this program's rights), and the kernel's pool of
        // them runs out long before the table's 1,024 slots. One more fork is refused the same way
        // and changes nothing. Then each child exits and is reaped: the slots and frames in use
        // are what they were before the first fork, and a second round makes exactly as many
        // children, so every record went back to the pool.
        private static bool ForkRefused()
        {
            if (Syscalls.KernelCall(KernelCalls.Fork, TestEndpoints.VmTest) != -(int)Errno.ECALLDENIED) return false;
            if (!KernelInfo(out ulong freeFrames, out ulong slotsInUse)) return false;
            int* children = stackalloc int[(int)ProcessSlots];
            int count = ForkUntilRefused(children, out bool full);
            bool counted = KernelInfo(out ulong freeFull, out ulong slotsFull);
            full &= count > 0 && counted && slotsFull == slotsInUse + (ulong)count;
            bool nothingMade = VirtualMemory.Fork() == -(int)Errno.EAGAIN && KernelInfo(out ulong freeRefused, out ulong slotsRefused)
                               && freeRefused == freeFull && slotsRefused == slotsFull;
            bool allReaped = ReapAll(children, count);
            bool emptied = KernelInfo(out ulong freeAfter, out ulong slotsAfter) && freeAfter == freeFrames && slotsAfter == slotsInUse;
            int again = ForkUntilRefused(children, out bool fullAgain);
            return full && nothingMade && allReaped && emptied && fullAgain && again == count && ReapAll(children, again);
        }

        // Forks children until VM refuses one, each waiting to be told to exit once it has run;
        // refused: the refusal was EAGAIN. Returns how many were made.
        private static int ForkUntilRefused(int* children, out bool refused)
        {
            int count = 0;
            long forked = 0;
            while (count < (int)ProcessSlots && (forked = VirtualMemory.Fork()) > 0) children[count++] = (int)forked;
            if (forked == 0)
            {
                Message message = default;
                message.Type = ForkedChildRequests.Ready;
                Syscalls.SendReceive(TestEndpoints.VmTest, ref message);
                Kernel.Exit(0);
            }
            // Every child has run (and copied what it wrote) before anything is counted.
            bool allReady = true;
            for (int i = 0; i < count; i++)
                allReady &= Syscalls.Receive(children[i], out Message message) == 0 && message.Type == ForkedChildRequests.Ready;
            refused = allReady && forked == -(int)Errno.EAGAIN;
            return count;
        }

        private static bool ReapAll(int* children, int count)
        {
            bool allReaped = true;
            for (int i = 0; i < count; i++)
                allReaped &= Answer(children[i]) && Syscalls.Receive(children[i], out _) == -(int)Errno.EDEADSRCDST;
            return allReaped;
        }

        // Each call reaches into pages of a fresh region this program never touched (MINIX's
        // data_copy_vmcheck): it waits for VM once, which backs every untouched page of what the
        // call copies, then starts again and completes: seven waits. Page by page: GETINFO writes
        // page 0; TIMES pages 1 and 2 (one wait); DIAGCTL reads a line written at
        // the end of page 3 whose last byte, a zero, is in page 4; VDEVIO a pair whose port is at
        // the end of page 5 and whose value is in page 6; SENDA a table of two empty entries in
        // page 7; SAFECOPY a grant table whose entry 0, written, ends page 8 and whose entry 1 is in
        // page 9, and a request written at the end of page 10 but for its length, in page 11 (zero:
        // a copy of nothing). Pages 3, 5, 8 and 10 are this program's own demand-zero faults.
        private static bool KernelCallsWaitForVm()
        {
            long region = VirtualMemory.Map(12 * Page, VmProtection.Writable);
            if (region < 0 || VirtualMemory.Statistics(out VmStatistics before) != 0) return false;
            byte* pages = (byte*)region;

            ulong* info = (ulong*)pages;
            bool getInfo = Syscalls.KernelCall(KernelCalls.GetInfo, GetInfoRequests.Kernel, (long)info) == 0
                           && info[3] == ProcessSlots && info[1] <= info[0] && info[2] > 0;
            ulong* times = (ulong*)(pages + 2 * Page - 8);
            bool gotTimes = Syscalls.KernelCall(KernelCalls.Times, (long)times) == 0 && times[0] > 0 && times[1] > 0 && times[2] > 0;

            byte* text = pages + 4 * Page - DiagLine.Length;
            for (int i = 0; i < DiagLine.Length; i++) text[i] = (byte)DiagLine[i];
            bool printed = Syscalls.KernelCall(KernelCalls.DiagCtl, (long)text, DiagLine.Length + 1) == 0;

            uint* pair = (uint*)(pages + 6 * Page - 4);
            pair[0] = PostPort;
            bool portRead = Syscalls.KernelCall(KernelCalls.VDevIo, (long)pair, 1, DevIo.InByte) == 0 && pair[0] == PostPort && pair[1] <= 0xFF;

            bool sent = Syscalls.SendAsync(pages + 7 * Page, 2) == 0 && Syscalls.SendAsync(null, 0) == 0;

            Grant* table = (Grant*)(pages + 9 * Page - Grant.Size);
            byte* copy = stackalloc byte[16];
            bool viaTable;
            fixed (byte* granted = s_granted)
            {
                table[0] = new Grant { Flags = GrantFlags.Valid | GrantFlags.Read, Grantee = TestEndpoints.VmTest, Address = (ulong)granted, Length = 16 };
                viaTable = Syscalls.KernelCall(KernelCalls.SetGrant, (long)table, 2) == 0
                           && Syscalls.SafeCopyFrom(TestEndpoints.VmTest, 0, 0, copy, 16) == 0 && copy[15] == granted[15]
                           && Syscalls.SafeCopyFrom(TestEndpoints.VmTest, 1, 0, copy, 16) == -(int)Errno.EPERM;   // entry 1 is zeroes
                SafeCopyRequest* request = (SafeCopyRequest*)(pages + 11 * Page - (SafeCopyRequest.Size - sizeof(ulong)));
                request->Owner = TestEndpoints.VmTest;
                request->Grant = 0;
                request->Offset = 0;
                request->Buffer = (ulong)copy;
                viaTable &= Syscalls.KernelCall(KernelCalls.SafeCopyFrom, (long)request) == 0;
            }
            bool reloaded = GrantTable.Reload() == 0;

            return getInfo && gotTimes && printed && portRead && sent && viaTable && reloaded
                   && VirtualMemory.Statistics(out VmStatistics after) == 0
                   && after.MemoryRequests - before.MemoryRequests == 7 && after.DemandZeroFaults - before.DemandZeroFaults == 4;
        }

        // The same calls with their memory in no region: VM refuses each request, and the call
        // fails with EFAULT.
        private static bool KernelCallsRefused()
        {
            if (VirtualMemory.Statistics(out VmStatistics before) != 0) return false;
            long efault = -(int)Errno.EFAULT;
            bool refused = Syscalls.KernelCall(KernelCalls.GetInfo, GetInfoRequests.Kernel, (long)Unused) == efault
                           && Syscalls.KernelCall(KernelCalls.Times, (long)Unused) == efault
                           && Syscalls.KernelCall(KernelCalls.DiagCtl, (long)Unused, 8) == efault
                           && Syscalls.KernelCall(KernelCalls.VDevIo, (long)Unused, 1, DevIo.InByte) == efault
                           && Syscalls.SendAsync((void*)Unused, 2) == efault
                           && Syscalls.KernelCall(KernelCalls.SetGrant, (long)Unused, 2) == 0
                           && Syscalls.SafeCopyFrom(TestEndpoints.VmTest, 0, 0, (void*)Unused, 16) == efault
                           && Syscalls.KernelCall(KernelCalls.SafeCopyFrom, (long)Unused) == efault;
            return GrantTable.Reload() == 0 && refused
                   && VirtualMemory.Statistics(out VmStatistics after) == 0 && after.MemoryRequests - before.MemoryRequests == 7;
        }

        private static long* GlobalWord()
        {
            fixed (TwoPages* pages = &s_global) return (long*)(((ulong)pages + Page - 1) & ~(Page - 1));
        }

        // The parent's answer to a child waiting in SENDREC: go on.
        private static bool Answer(int child)
        {
            Message message = default;
            message.Type = ForkedChildRequests.Go;
            return Syscalls.Send(child, message) == 0;
        }

        // GETINFO KernelInfo: free frames and process slots in use.
        private static bool KernelInfo(out ulong freeFrames, out ulong slotsInUse)
        {
            ulong* info = stackalloc ulong[4];
            bool ok = Syscalls.KernelCall(KernelCalls.GetInfo, GetInfoRequests.Kernel, (long)info) == 0;
            freeFrames = info[1];
            slotsInUse = info[2];
            return ok;
        }

        // This program may send to every slot, so a SEND to a free one fails only because nobody
        // is there, before it could block; past the table the endpoint names nothing at all.
        // Only low slots are ever taken in this suite: the boot programs' and the forked children's.
        private static bool TableOfEveryProcess()
        {
            ulong* info = stackalloc ulong[4];
            if (Syscalls.KernelCall(KernelCalls.GetInfo, GetInfoRequests.Kernel, (long)info) != 0 || info[3] != ProcessSlots || ProcessSlots < 1024) return false;
            Message message = default;
            int last = (int)ProcessSlots - 1;
            return Syscalls.Send(65, message) == -(int)Errno.EDEADSRCDST && Syscalls.Send(300, message) == -(int)Errno.EDEADSRCDST
                   && Syscalls.Send(last, message) == -(int)Errno.EDEADSRCDST
                   && Syscalls.Send(Lunix.Abi.Endpoint.Make(3, last), message) == -(int)Errno.EDEADSRCDST
                   && Syscalls.Send(last + 1, message) == -(int)Errno.EINVAL;
        }

        // The message starts 8 bytes before the end of a touched page, so its words lie in the
        // next page, untouched: the SENDREC's copy-in waits for VM once. VM then answers the
        // request (Statistics) with counters that already count that memory request.
        private static bool SuspendedSendReceive()
        {
            long region = VirtualMemory.Map(2 * Page, VmProtection.Writable);
            if (region < 0 || VirtualMemory.Statistics(out VmStatistics before) != 0) return false;
            ref Message request = ref MessageAt((ulong)region + Page - 8);
            request.Type = VmRequests.Statistics;           // a demand-zero fault on the first page
            bool absent = Umap((ulong)region + Page) == -(int)Errno.EFAULT;
            if (!absent || Syscalls.SendReceive(BootEndpoints.Vm, ref request) != 0) return false;
            ref VmReply reply = ref request.Payload<VmReply>();
            return request.Source == BootEndpoints.Vm && request.Type == VmRequests.Statistics + 1 && reply.Result == 0
                   && reply.Statistics.DemandZeroFaults - before.DemandZeroFaults == 1 && reply.Statistics.MemoryRequests - before.MemoryRequests == 1
                   && Umap((ulong)region + Page) > 0;
        }

        // vmpeer sends back a message it is given and waits, queued, until this program receives
        // it into a buffer straddling two untouched pages: the RECEIVE waits for VM once, for both.
        private static bool SuspendedReceive()
        {
            long region = VirtualMemory.Map(2 * Page, VmProtection.Writable);
            if (region < 0 || VirtualMemory.Statistics(out VmStatistics before) != 0) return false;
            if (Syscalls.Send(TestEndpoints.VmPeer, Echo(0x51)) != 0) return false;
            ref Message buffer = ref MessageAt((ulong)region + Page - 32);
            return Syscalls.Receive(TestEndpoints.VmPeer, out buffer) == 0 && IsEcho(ref buffer, 0x51)
                   && VirtualMemory.Statistics(out VmStatistics after) == 0
                   && after.MemoryRequests - before.MemoryRequests == 1 && after.DemandZeroFaults == before.DemandZeroFaults;
        }

        // The echo stays queued after the refused RECEIVE: vmpeer still waits to hand it over (so
        // a SEND to it would close a cycle: ELOCKED, instead of a receive that never ends here if
        // the echo had been taken and lost), and the next RECEIVE gets it.
        private static bool RefusedIpcBuffers()
        {
            if (VirtualMemory.Statistics(out VmStatistics before) != 0) return false;
            bool send = Syscalls.Send(TestEndpoints.VmPeer, in MessageAt(Unused)) == -(int)Errno.EFAULT;
            if (Syscalls.Send(TestEndpoints.VmPeer, Echo(0x52)) != 0) return false;
            bool receive = Syscalls.Receive(TestEndpoints.VmPeer, out MessageAt(Unused)) == -(int)Errno.EFAULT;
            if (Syscalls.Send(TestEndpoints.VmPeer, Echo(0x53)) != -(int)Errno.ELOCKED) return false;
            return send && receive && Syscalls.Receive(TestEndpoints.VmPeer, out Message received) == 0 && IsEcho(ref received, 0x52)
                   && VirtualMemory.Statistics(out VmStatistics after) == 0 && after.MemoryRequests - before.MemoryRequests == 2;
        }

        // The request asks VM to unmap the region the request itself lies in: VM does, and its
        // reply cannot be written. The delivery asks VM for the page, VM refuses (no region
        // there now), and the reply is lost.
        private static bool RefusedDelivery()
        {
            long region = VirtualMemory.Map(Page, VmProtection.Writable);
            if (region < 0 || VirtualMemory.Statistics(out VmStatistics before) != 0) return false;
            ref Message request = ref MessageAt((ulong)region);
            request.Type = VmRequests.Unmap;
            request.Payload<VmUnmapRequest>() = new VmUnmapRequest { Address = (ulong)region, Length = Page };
            return Syscalls.SendReceive(BootEndpoints.Vm, ref request) == -(int)Errno.EFAULT && Umap((ulong)region) == -(int)Errno.EFAULT
                   && VirtualMemory.Statistics(out VmStatistics after) == 0 && after.MemoryRequests - before.MemoryRequests == 1;
        }

        // A message whose every payload byte comes from `seed`, so that an echo is known whole.
        private static Message Echo(long seed)
        {
            Message message = default;
            message.Type = VmPeerRequests.Echo;
            Span<byte> payload = message.PayloadBytes;
            for (int i = 0; i < payload.Length; i++) payload[i] = (byte)(seed * 31 + i * 7 + (i >> 3));
            return message;
        }

        private static bool IsEcho(ref Message message, long seed)
        {
            Message expected = Echo(seed);
            return message.Source == TestEndpoints.VmPeer && message.Type == expected.Type
                   && message.PayloadBytes.SequenceEqual(expected.PayloadBytes);
        }

        // The message at `address`, which may be anywhere: the kernel checks it.
        private static ref Message MessageAt(ulong address) => ref Unsafe.AsRef<Message>((void*)address);

        private static long Umap(ulong address) => Syscalls.KernelCall(KernelCalls.Umap, (long)address, 8);

        private static long PeerRead(ulong address) => AskPeer(VmPeerRequests.Read, address, 0);
        private static void PeerWrite(ulong address, long value) => AskPeer(VmPeerRequests.Write, address, value);
        private static long PeerUmap(ulong address) => AskPeer(VmPeerRequests.Umap, address, 0);

        private static long AskPeer(int type, ulong address, long value)
        {
            Message message = default;
            message.Type = type;
            message.Payload<VmPeerAccess>() = new VmPeerAccess { Address = address, Value = value };
            int sent = Syscalls.SendReceive(TestEndpoints.VmPeer, ref message);
            return sent != 0 ? sent : message.Payload<VmPeerAccess>().Value;
        }
    }
}
