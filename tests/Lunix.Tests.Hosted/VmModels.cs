using System;
using System.Collections.Generic;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.Servers.Vm;

namespace Lunix.Tests.Hosted
{
    // The kernel's page tables as VM's POSIX calls see them (IPageTables): per process, the pages
    // there with their rights and bytes, as VMMAP, VMUNMAP, VMPROTECT, VMMOVE, VMQUERY and
    // VIRCOPY leave them (VmTarget and AddressSpace: a page keeps its Shared mark).
    internal sealed class PageTablesModel : IPageTables
    {
        private const ulong Page = VmRequests.PageSize;

        public sealed class Frame
        {
            public VmProtection Rights;
            public byte[] Bytes = new byte[Page];
        }

        public readonly Dictionary<(int Process, ulong Page), Frame> Pages = new();
        public readonly List<string> Calls = new();
        public int BackRefusal, MoveRefusal, DeviceRefusal;

        public bool IsThere(int process, ulong address) => Pages.ContainsKey((process, address & ~(Page - 1)));
        public VmProtection RightsAt(int process, ulong address) => Pages[(process, address & ~(Page - 1))].Rights;
        public byte Read(int process, ulong address) => Pages[(process, address & ~(Page - 1))].Bytes[address & (Page - 1)];
        public void Write(int process, ulong address, byte value)
        {
            if (!Pages.TryGetValue((process, address & ~(Page - 1)), out Frame frame)) Pages[(process, address & ~(Page - 1))] = frame = new Frame { Rights = VmProtection.Writable };
            frame.Bytes[address & (Page - 1)] = value;
        }

        public int Back(int process, ulong address, ulong length, VmProtection protection)
        {
            Calls.Add($"back {address:x} {length:x} {protection}");
            if (BackRefusal != 0) return BackRefusal;
            for (ulong page = address; page < address + length; page += Page)
                if (!Pages.ContainsKey((process, page))) Pages[(process, page)] = new Frame { Rights = protection };
            return 0;
        }

        public int Unmap(int process, ulong address, ulong length)
        {
            Calls.Add($"unmap {address:x} {length:x}");
            for (ulong page = address; page < address + length; page += Page) Pages.Remove((process, page));
            return 0;
        }

        public int Protect(int process, ulong address, ulong length, VmProtection protection)
        {
            Calls.Add($"protect {address:x} {length:x} {protection}");
            for (ulong page = address; page < address + length; page += Page)
                if (Pages.TryGetValue((process, page), out Frame frame))
                    frame.Rights = (protection & ~VmProtection.Shared) | (frame.Rights & VmProtection.Shared);
            return 0;
        }

        public int Move(int process, ulong from, ulong to, ulong length)
        {
            Calls.Add($"move {from:x} {to:x} {length:x}");
            if (MoveRefusal != 0) return MoveRefusal;
            for (ulong offset = 0; offset < length; offset += Page)
                if (Pages.ContainsKey((process, to + offset))) return -(int)Errno.EINVAL;
            for (ulong offset = 0; offset < length; offset += Page)
                if (Pages.Remove((process, from + offset), out Frame frame)) Pages[(process, to + offset)] = frame;
            return 0;
        }

        public int Query(int process, ulong address, Span<byte> present)
        {
            for (int i = 0; i < present.Length; i++) present[i] = IsThere(process, address + (ulong)i * Page) ? (byte)1 : (byte)0;
            return 0;
        }

        // Device memory: the pages there, marked by the call (no frames of RAM behind them).
        public int MapDevice(int process, int owner, ulong address, ulong length, ulong physical, bool writable)
        {
            Calls.Add($"device {address:x} {length:x} {physical:x} {owner} {(writable ? "writable" : "read-only")}");
            if (DeviceRefusal != 0) return DeviceRefusal;
            for (ulong page = address; page < address + length; page += Page)
                Pages[(process, page)] = new Frame { Rights = writable ? VmProtection.Writable : VmProtection.Read };
            return 0;
        }

        public int CopyTo(int process, ulong address, ReadOnlySpan<byte> bytes)
        {
            for (int i = 0; i < bytes.Length; i++)
            {
                ulong at = address + (ulong)i;
                if (!Pages.TryGetValue((process, at & ~(Page - 1)), out Frame frame) || (frame.Rights & VmProtection.Writable) == 0) return -(int)Errno.EFAULT;
                frame.Bytes[at & (Page - 1)] = bytes[i];
            }
            return 0;
        }
    }

    // VFS as the file mappings see it: the buffer granted, the MapReads sent, in order.
    internal sealed class FileReaderModel : IFileReader
    {
        public byte[] Buffer;
        public int GrantedLength, NextGrant = 7, Granted = -1, SendRefusal, GrantRefusal;
        public readonly List<VfsMapRead> Sent = new();
        public readonly List<VfsMapDevice> SentDevices = new();
        public readonly List<int> Revoked = new();

        public int Grant(byte[] buffer, int length)
        {
            if (GrantRefusal != 0) return GrantRefusal;
            Buffer = buffer;
            GrantedLength = length;
            return Granted = NextGrant++;
        }

        public void Revoke(int grant) => Revoked.Add(grant);

        public int Send(in VfsMapRead request)
        {
            if (SendRefusal != 0) return SendRefusal;
            Sent.Add(request);
            return 0;
        }

        public int Send(in VfsMapDevice request)
        {
            if (SendRefusal != 0) return SendRefusal;
            SentDevices.Add(request);
            return 0;
        }

        // VFS's answer to a MapDevice: the memory's physical address and its driver, or a refusal.
        public static VfsReply Device(ulong physical, int owner) => new VfsReply { Result = (long)physical, Owner = owner, Grant = -1 };
        public static VfsReply RefuseDevice(LinuxErrno error) => new VfsReply { Result = -(long)error, Grant = -1 };

        // VFS's side: `bytes` written into the grant, the answer a VfsReply echoing the grant.
        public VfsReply Answer(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(Buffer.AsSpan(0, GrantedLength));
            return new VfsReply { Result = bytes.Length, Grant = Sent[^1].Grant };
        }

        public VfsReply Refuse(LinuxErrno error) => new VfsReply { Result = -(long)error, Grant = Sent[^1].Grant };
    }

    internal sealed class RepliesModel : IPosixReplies
    {
        public readonly List<(int Process, long Result)> Sent = new();
        public void Reply(int process, long result) => Sent.Add((process, result));
    }

    // VM's POSIX side over the models, with one Linux program (text, data) in process P.
    internal sealed class PosixVm
    {
        public const int P = 40, Other = 41;
        public const ulong Page = VmRequests.PageSize;
        public const ulong Text = 0x40_0000, Data = 0x40_2000, HeapStart = 0x40_4000;

        public readonly RegionRecordsModel Records = new();
        public readonly PageTablesModel Pages = new();
        public readonly FileReaderModel Reader = new();
        public readonly RepliesModel Replies = new();
        public readonly RegionTable Regions;
        public readonly FileMappings Files;
        public readonly PosixMemory Memory;

        public PosixVm()
        {
            Regions = new RegionTable(Records);
            Files = new FileMappings(Regions, Pages, Reader, Replies);
            Memory = new PosixMemory(Regions, Pages, Files);
            Start(P);
        }

        public void Start(int process) => Records.StartProgram(process,
            new VmRegion { Start = Text, Length = 2 * Page, Protection = VmProtection.Executable, Flags = VmRegionFlags.File, Giver = Endpoint.None },
            new VmRegion { Start = Data, Length = 2 * Page, Protection = VmProtection.Writable, Flags = VmRegionFlags.File, Giver = Endpoint.None });

        public long Call(int number, long a0 = 0, long a1 = 0, long a2 = 0, long a3 = 0, long a4 = 0, long a5 = 0) =>
            Memory.Handle(P, new PosixCall { Number = number, A0 = a0, A1 = a1, A2 = a2, A3 = a3, A4 = a4, A5 = a5 });

        public long Brk(ulong address) => Call(LinuxCalls.Brk, (long)address);

        public long Mmap(ulong address, ulong length, long prot, long flags, long descriptor = -1, ulong offset = 0) =>
            Call(LinuxCalls.Mmap, (long)address, (long)length, prot, flags, descriptor, (long)offset);

        public long Anonymous(ulong length, long prot = LinuxMemory.ProtRead | LinuxMemory.ProtWrite) =>
            Mmap(0, length, prot, LinuxMemory.MapPrivate | LinuxMemory.MapAnonymous);

        // The region of P holding `address`, from the kernel's record (what VM saved).
        public VmRegion? SavedRegionAt(ulong address)
        {
            foreach (VmRegion region in Records.Saved(P).Regions)
                if (region.Contains(address)) return region;
            return null;
        }

        public int SavedCount => Records.Saved(P).Header.Count;

        public static long Error(LinuxErrno error) => -(long)error;
    }
}
