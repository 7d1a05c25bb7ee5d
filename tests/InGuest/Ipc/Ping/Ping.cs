using System;
using System.Runtime;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Lunix.Abi;
using Lunix.SystemLibrary;
using Lunix.Tests.InGuest;

namespace Lunix.Tests.InGuest.Ping
{
    // The IPC suite's client, in ring 3 in its own address space: SENDREC round trips to pong
    // (a server in another address space), the errors of bad calls, and the figures for the
    // benchmark mode (TSC deltas: instruction counts under QEMU's -icount shift=0).
    internal static unsafe class Ping
    {
        private const int Rounds = 1000;

        [DllImport("*", EntryPoint = "lunix_read_tsc"), SuppressGCTransition]
        private static extern ulong ReadTsc();

        [DllImport("*", EntryPoint = "lunix_syscall_keeps_vectors"), SuppressGCTransition]
        private static extern int SyscallKeepsVectors(long trap, long a0, long a1);

        [RuntimeExport("LunixProgramMain")]
        private static int Main()
        {
            int failed = 0;
            Tap.Plan(24);
            // First, while relaya and relayb are still blocked sending (they started before ping).
            failed += Tap.Check(1, "a SEND closing a cycle of three blocked processes fails with ELOCKED", CycleOfThree());
            failed += Tap.Check(2, "a SEND closing a cycle of two blocked processes fails with ELOCKED", CycleOfTwo());
            failed += Tap.Check(3, "a blocked sender's message is received, and its endpoint is dead once it exits", BlockedSenderThenDead());
            failed += Tap.Check(4, "sendrec round trips to pong in another address space", RoundTrips(10));
            failed += Tap.Check(5, "a message to a slot nobody occupies fails with EDEADSRCDST", SendToEmptySlot());
            failed += Tap.Check(6, "sendrec to oneself fails with ELOCKED", SendToSelf());
            failed += Tap.Check(7, "a message from an unmapped buffer fails with EFAULT", BadBuffer());
            failed += Tap.Check(8, "an unknown IPC primitive fails with EBADCALL", UnknownPrimitive());
            failed += Tap.Check(9, "a kernel call outside the caller's mask fails with ECALLDENIED", KernelCallDenied());
            failed += Tap.Check(10, "a message to a process outside the send mask fails with ECALLDENIED", TargetDenied());
            failed += Tap.Check(11, "a primitive outside the trap mask fails with ETRAPDENIED", TrapDenied());
            failed += Tap.Check(12, "TIMES reports a clock that moves", TimesMoves());
            failed += Tap.Check(13, "SETALARM brings a notification from the kernel", AlarmNotifies());
            failed += Tap.Check(14, "UMAP translates the caller's own pages and refuses others", UmapWorks());
            failed += Tap.Check(15, "DEVIO reads the CMOS seconds register through the caller's ports", DevIoReadsSeconds());
            failed += Tap.Check(16, "DEVIO to a port outside the caller's ranges fails with EPERM", DevIoDenied());
            failed += Tap.Check(17, "VDEVIO performs two reads in one call", VDevIoReadsTwice());
            failed += Tap.Check(18, "PRIVCTL outside the caller's mask fails with ECALLDENIED", PrivCtlDenied());
            failed += Tap.Check(19, "the RTC's interrupt reaches its driver as a kernel notification", RtcInterruptArrives());
            failed += Tap.Check(20, "three NOTIFYs coalesce into one pending notification, which does not displace a SENDREC's reply", NotificationsCoalesce());
            failed += Tap.Check(21, "a SENDA entry marked AMF_NOREPLY is no SENDREC reply, and AMF_NOTIFY_ERR reports a failed entry", AsyncFlagsHonoured());
            failed += Tap.Check(22, "a process's vector registers survive a SENDREC that runs another process", VectorRegistersKept());
            failed += Tap.Check(23, "LOADPROGRAM refuses a taken slot, the kernel's own slots, a bad priority or privileges, a missing module and one that is no program", LoadProgramRefusals());
            failed += Tap.Check(24, "RS starts a service only for a client its table gives rs-control", RsStartRefused());
            Measure();
            return failed;
        }

        private static bool CycleOfThree()
        {
            Message message = default;
            return Syscalls.Send(TestEndpoints.RelayA, message) == -(int)Errno.ELOCKED;
        }

        private static bool CycleOfTwo()
        {
            Message message = default;
            return Syscalls.Send(TestEndpoints.RelayB, message) == -(int)Errno.ELOCKED;
        }

        // relayb's message waits in its queue; once taken, relayb takes relaya's and both exit
        // (they are more urgent than ping, so they have run by the time ping goes on).
        private static bool BlockedSenderThenDead()
        {
            if (Syscalls.Receive(TestEndpoints.RelayB, out Message message) != 0 || message.Type != 0xB || message.Source != TestEndpoints.RelayB)
                return false;
            Message probe = default;
            return Syscalls.SendNonBlocking(TestEndpoints.RelayA, probe) == -(int)Errno.EDEADSRCDST
                   && Syscalls.SendNonBlocking(TestEndpoints.RelayB, probe) == -(int)Errno.EDEADSRCDST;
        }

        private static bool RoundTrips(int count)
        {
            Message message = default;
            for (int i = 0; i < count; i++)
            {
                message.Type = 100 + i;
                if (Syscalls.SendReceive(TestEndpoints.Pong, ref message) != 0 || message.Type != 101 + i || message.Source != TestEndpoints.Pong)
                    return false;
            }
            return true;
        }

        // Pong, the kernel in between and pong's reply all run compiled code that uses XMM registers.
        private static bool VectorRegistersKept()
        {
            Message message = default;
            message.Type = 500;
            return SyscallKeepsVectors(Traps.Encode(Traps.IpcClass, Traps.SendReceive), TestEndpoints.Pong, (long)&message) == 1
                   && message.Type == 501;
        }

        private static bool SendToEmptySlot()
        {
            Message message = default;
            return Syscalls.SendNonBlocking(20, message) == -(int)Errno.EDEADSRCDST;
        }

        private static bool SendToSelf()
        {
            Message message = default;
            return Syscalls.SendReceive(TestEndpoints.Ping, ref message) == -(int)Errno.ELOCKED;
        }

        private static bool BadBuffer() => Syscalls.SendReceive(TestEndpoints.Pong, ref Unsafe.AsRef<Message>((void*)0x10000)) == -(int)Errno.EFAULT;

        private static bool UnknownPrimitive() => Syscalls.KernelCall(0) == -(int)Errno.ENOSYS
            && (int)Syscalls.IpcRaw(42, TestEndpoints.Pong, 0) == -(int)Errno.EBADCALL;

        private static bool KernelCallDenied()
        {
            ulong* info = stackalloc ulong[4];
            return Syscalls.KernelCall(KernelCalls.GetInfo, 1, (long)info) == -(int)Errno.ECALLDENIED;
        }

        private static bool TargetDenied()
        {
            Message message = default;
            return Syscalls.SendNonBlocking(BootEndpoints.Init, message) == -(int)Errno.ECALLDENIED;
        }

        private static bool TrapDenied() => Syscalls.SendAsync(null, 0) == -(int)Errno.ETRAPDENIED;

        private static bool TimesMoves()
        {
            ulong* first = stackalloc ulong[3];
            ulong* second = stackalloc ulong[3];
            if (Syscalls.KernelCall(KernelCalls.Times, (long)first) != 0) return false;
            for (int i = 0; i < 100000; i++) { }
            if (Syscalls.KernelCall(KernelCalls.Times, (long)second) != 0) return false;
            return first[1] >= 10 && second[0] >= first[0] && second[2] > first[2];
        }

        private static bool AlarmNotifies()
        {
            if (Syscalls.KernelCall(KernelCalls.SetAlarm, 2) < 0) return false;
            return Syscalls.Receive(Endpoint.Any, out Message message) == 0 && message.Type == Message.NotifyMessage && message.Source == BootEndpoints.Kernel;
        }

        // Pong notifies us three times while we wait for its reply: the reply comes first, then
        // exactly one notification; the next thing to arrive is our own alarm.
        private static bool NotificationsCoalesce()
        {
            Message message = default;
            message.Type = PongRequests.NotifyThrice;
            if (Syscalls.SendReceive(TestEndpoints.Pong, ref message) != 0 || message.Type != PongRequests.NotifyThrice + 1 || message.Source != TestEndpoints.Pong)
                return false;
            if (Syscalls.Receive(Endpoint.Any, out message) != 0 || message.Type != Message.NotifyMessage || message.Source != TestEndpoints.Pong)
                return false;
            if (Syscalls.KernelCall(KernelCalls.SetAlarm, 1) < 0) return false;
            return Syscalls.Receive(Endpoint.Any, out message) == 0 && message.Type == Message.NotifyMessage && message.Source == BootEndpoints.Kernel;
        }

        // Pong's SENDA entry to us is marked AMF_NOREPLY: while we wait in SENDREC its real reply
        // must come first (pong checks the AMF_NOTIFY_ERR entry and says so in its reply); after
        // it, a RECEIVE from pong takes the entry.
        private static bool AsyncFlagsHonoured()
        {
            Message message = default;
            message.Type = PongRequests.AsyncEntries;
            if (Syscalls.SendReceive(TestEndpoints.Pong, ref message) != 0 || message.Type != PongRequests.AsyncEntries + 1
                || !message.Payload<AsyncEntriesReply>().Behaved)
                return false;
            return Syscalls.Receive(TestEndpoints.Pong, out message) == 0 && message.Type == PongRequests.AsyncMessage && message.Source == TestEndpoints.Pong;
        }

        private static bool UmapWorks()
        {
            ulong local = 42;
            long physical = Syscalls.KernelCall(KernelCalls.Umap, (long)&local, 8);
            return physical > 0 && (physical & 0xFFF) == ((long)&local & 0xFFF)
                   && Syscalls.KernelCall(KernelCalls.Umap, 0x10000, 8) == -(int)Errno.EFAULT;
        }

        // The RTC seconds register: BCD 0x00-0x59, or binary 0-59.
        private static bool IsSeconds(long value) => value >= 0 && value <= 0x59;

        private static bool DevIoReadsSeconds()
        {
            if (Syscalls.KernelCall(KernelCalls.DevIo, 0x70, DevIo.OutByte, 0x00) != 0) return false;
            return IsSeconds(Syscalls.KernelCall(KernelCalls.DevIo, 0x71, DevIo.InByte));
        }

        // COM1's data port, and a word access that spills past the last allowed port.
        private static bool DevIoDenied() => Syscalls.KernelCall(KernelCalls.DevIo, 0x3F8, DevIo.InByte) == -(int)Errno.EPERM
            && Syscalls.KernelCall(KernelCalls.DevIo, 0x71, DevIo.InWord) == -(int)Errno.EPERM
            && Syscalls.KernelCall(KernelCalls.DevIo, 0x71, 3) == -(int)Errno.EINVAL;

        private static bool VDevIoReadsTwice()
        {
            if (Syscalls.KernelCall(KernelCalls.DevIo, 0x70, DevIo.OutByte, 0x00) != 0) return false;
            uint* pairs = stackalloc uint[4] { 0x71, 0xDEAD, 0x71, 0xBEEF };
            if (Syscalls.KernelCall(KernelCalls.VDevIo, (long)pairs, 2, DevIo.InByte) != 0) return false;
            // All or nothing: one port outside the ranges and nothing is read.
            uint* mixed = stackalloc uint[4] { 0x71, 0xDEAD, 0x3F8, 0xBEEF };
            return IsSeconds(pairs[1]) && IsSeconds(pairs[3]) && pairs[0] == 0x71 && pairs[2] == 0x71
                   && Syscalls.KernelCall(KernelCalls.VDevIo, (long)mixed, 2, DevIo.InByte) == -(int)Errno.EPERM && mixed[1] == 0xDEAD
                   && Syscalls.KernelCall(KernelCalls.VDevIo, 0x10000, 2, DevIo.InByte) == -(int)Errno.EFAULT
                   && Syscalls.KernelCall(KernelCalls.VDevIo, (long)pairs, 65, DevIo.InByte) == -(int)Errno.EINVAL;
        }

        // Every refusal leaves the slot free: nothing is loaded.
        private static bool LoadProgramRefusals()
        {
            const int FreeSlot = 40;
            var request = new ProgramLoadRequest
            {
                Module = ServiceLabel.From("relaya"), Name = ServiceLabel.From("relaycopy"), Slot = TestEndpoints.Pong, Priority = 3, Privileges = PrivilegeSet.None(),
            };
            bool taken = Load(ref request) == -(int)Errno.EBUSY;
            request.Slot = BootEndpoints.Kernel;
            bool kernelSlot = Load(ref request) == -(int)Errno.EINVAL;
            request.Slot = FreeSlot;
            request.Priority = ProgramLoadRequest.Priorities;
            bool priority = Load(ref request) == -(int)Errno.EINVAL;
            request.Priority = 3;
            request.Privileges.TargetCount = PrivilegeSet.MaxTargets + 1;
            bool privileges = Load(ref request) == -(int)Errno.EINVAL;
            request.Privileges = PrivilegeSet.None();
            request.Module = ServiceLabel.From("nosuch");
            bool missing = Load(ref request) == -(int)Errno.ENOENT;
            request.Module = ServiceLabel.From("services");         // RS's table: a module, but no ELF program
            bool notAProgram = Load(ref request) == -(int)Errno.ENOEXEC;
            Message probe = default;
            bool stillFree = Syscalls.SendNonBlocking(FreeSlot, probe) == -(int)Errno.EDEADSRCDST;
            return taken && kernelSlot && priority && privileges && missing && notAProgram && stillFree;
        }

        private static long Load(ref ProgramLoadRequest request)
        {
            fixed (ProgramLoadRequest* pointer = &request) return Syscalls.KernelCall(KernelCalls.LoadProgram, (long)pointer);
        }

        private static bool RsStartRefused() => ReincarnationServer.Start("relaya") == -(int)Errno.EPERM;

        private static bool PrivCtlDenied() => Syscalls.KernelCall(KernelCalls.PrivCtl, TestEndpoints.Pong, 1) == -(int)Errno.ECALLDENIED;

        // The CMOS clock's periodic interrupt (IRQ 8): attach, switch it on through the RTC's
        // ports, wait for the notification, acknowledge by reading register C, switch it off.
        private static bool RtcInterruptArrives()
        {
            if (Syscalls.KernelCall(KernelCalls.IrqCtl, IrqCtlRequests.Attach, 8) != 0) return false;
            if (Syscalls.KernelCall(KernelCalls.IrqCtl, IrqCtlRequests.Attach, 3) != -(int)Errno.EPERM) return false;
            WriteCmos(0x0A, (byte)((ReadCmos(0x0A) & 0xF0) | 0x0F));        // the slowest rate: 2 Hz
            WriteCmos(0x0B, (byte)(ReadCmos(0x0B) | 0x40));                  // periodic interrupt on
            ReadCmos(0x0C);                                                  // clear anything pending
            bool notified = Syscalls.Receive(Endpoint.Any, out Message message) == 0 && message.Type == Message.NotifyMessage
                            && message.Source == BootEndpoints.Kernel;
            ReadCmos(0x0C);
            WriteCmos(0x0B, (byte)(ReadCmos(0x0B) & ~0x40));
            return notified && Syscalls.KernelCall(KernelCalls.IrqCtl, IrqCtlRequests.Detach, 8) == 0;
        }

        private static byte ReadCmos(byte register)
        {
            Syscalls.KernelCall(KernelCalls.DevIo, 0x70, DevIo.OutByte, register);
            return (byte)Syscalls.KernelCall(KernelCalls.DevIo, 0x71, DevIo.InByte);
        }

        private static void WriteCmos(byte register, byte value)
        {
            Syscalls.KernelCall(KernelCalls.DevIo, 0x70, DevIo.OutByte, register);
            Syscalls.KernelCall(KernelCalls.DevIo, 0x71, DevIo.OutByte, value);
        }

        private static void Measure()
        {
            Message message = default;
            Syscalls.SendReceive(TestEndpoints.Pong, ref message);       // warm up
            ulong start = ReadTsc();
            for (int i = 0; i < Rounds; i++) Syscalls.SendReceive(TestEndpoints.Pong, ref message);
            ulong roundTrip = (ReadTsc() - start) / Rounds;
            start = ReadTsc();
            for (int i = 0; i < Rounds; i++) Syscalls.KernelCall(0);
            ulong nullCall = (ReadTsc() - start) / Rounds;
            // NOTIFY to pong, which waits in RECEIVE at a more urgent priority, until pong runs:
            // pong sends back the TSC it read first thing.
            ulong delivery = 0;
            for (int i = 0; i < 100; i++)
            {
                start = ReadTsc();
                Syscalls.Notify(TestEndpoints.Pong);
                Syscalls.Receive(TestEndpoints.Pong, out message);
                delivery += message.Payload<NotifyEcho>().WokenAt - start;
            }
            Report("null_kernel_call", nullCall);
            Report("sendrec_roundtrip", roundTrip);
            Report("notify_delivery", delivery / 100);
            Report("hello_restart", HelloRestart());
            Report("hello_live_update", HelloLiveUpdate());
            Report("vm_demand_zero_fault", DemandZeroFault());
        }

        // Request to done: RS starts a new copy of hello beside the old, the old one saves its
        // open count in DS, the kernel swaps the two, the new one takes the count over, and RS
        // clears the old one and answers. 0 if the update failed.
        private static ulong HelloLiveUpdate()
        {
            ulong start = ReadTsc();
            long endpoint = ReincarnationServer.Update("hello");
            ulong elapsed = ReadTsc() - start;
            return endpoint == BootEndpoints.Hello ? elapsed : 0;
        }

        // A demand-zero page fault resolved by VM, fault to resumed: a write to each page of a
        // fresh anonymous region, timed, less the same write once the page is there. The first
        // page is touched untimed: it also makes the region's page tables.
        private static ulong DemandZeroFault()
        {
            const int Pages = 64;
            const ulong PageSize = VmRequests.PageSize;
            long region = VirtualMemory.Map((Pages + 1) * PageSize, VmProtection.Writable);
            if (region < 0) return 0;
            *(byte*)region = 1;
            ulong faulting = TimeWrites((ulong)region + PageSize, Pages);
            ulong present = TimeWrites((ulong)region + PageSize, Pages);
            VirtualMemory.Unmap((ulong)region, (Pages + 1) * PageSize);
            return (faulting - present) / Pages;
        }

        private static ulong TimeWrites(ulong first, int pages)
        {
            ulong total = 0;
            for (int i = 0; i < pages; i++)
            {
                byte* page = (byte*)(first + (ulong)i * VmRequests.PageSize);
                ulong start = ReadTsc();
                *page = 1;
                total += ReadTsc() - start;
            }
            return total;
        }

        // Crash to serving again: RS injects a crash into the hello driver, and an OPEN is tried
        // until one succeeds. The first tries block on the crashed driver and fail with
        // EDEADSRCDST when RS restarts it; the one after waits for the new instance to initialise.
        private static ulong HelloRestart()
        {
            Message message = default;
            ulong start = ReadTsc();
            if (ReincarnationServer.InjectFault("hello", FaultKind.Crash) != 0) return 0;
            do message.Type = CharDriverRequests.Open;
            while (Syscalls.SendReceive(BootEndpoints.Hello, ref message) != 0 || message.Payload<CharDriverReply>().Result != 0);
            return ReadTsc() - start;
        }

        private static void Report(string name, ulong value) =>
            new ConsoleLine(stackalloc char[96]).Append("BENCH ").Append(name).Append(" ").Append(value).Append(" instructions").Print();
    }
}
