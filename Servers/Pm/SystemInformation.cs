using System;
using System.Buffers.Binary;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Pm
{
    // uname and sysinfo: what the system is, and its figures (uptime, memory from the kernel's
    // frame counts, the number of processes). Lunix keeps no load average (the three loads are
    // 0) and has no swap.
    internal static class SystemInformation
    {
        // struct utsname: six NUL-padded fields of 65 bytes.
        public static long Uname(int record, ulong address)
        {
            const int Field = 65;
            Span<byte> names = stackalloc byte[6 * Field];
            names.Clear();
            "Lunix"u8.CopyTo(names);
            HostNames.Host.CopyTo(names.Slice(Field));
            // The release a Linux program checks (glibc, busybox and others compare its major and
            // minor numbers with the features they need): the Linux ABI Lunix answers, then its own.
            "6.1.0-lunix"u8.CopyTo(names.Slice(2 * Field));
            "#1 Lunix 0.15 microkernel"u8.CopyTo(names.Slice(3 * Field));
            "x86_64"u8.CopyTo(names.Slice(4 * Field));
            HostNames.Domain.CopyTo(names.Slice(5 * Field));
            return UserMemory.Write(PosixProcesses.At(record).Endpoint, address, names);
        }

        // struct sysinfo (112 bytes): uptime, loads[3], totalram, freeram, sharedram, bufferram,
        // totalswap, freeswap, procs (u16 at 80), totalhigh, freehigh, mem_unit (u32 at 104).
        public static unsafe long Sysinfo(int record, ulong address)
        {
            ulong* figures = stackalloc ulong[4];
            for (int i = 0; i < 4; i++) figures[i] = 0;
            Syscalls.KernelCall(KernelCalls.GetInfo, GetInfoRequests.Kernel, (long)figures);
            Span<byte> info = stackalloc byte[112];
            info.Clear();
            BinaryPrimitives.WriteInt64LittleEndian(info, (long)(PmClock.MonotonicNow() / PmClock.NanosecondsPerSecond));
            BinaryPrimitives.WriteUInt64LittleEndian(info.Slice(32), figures[0] * 4096);
            BinaryPrimitives.WriteUInt64LittleEndian(info.Slice(40), figures[1] * 4096);
            BinaryPrimitives.WriteUInt16LittleEndian(info.Slice(80), (ushort)Math.Min(PosixProcesses.LiveCount(), 0xFFFF));
            BinaryPrimitives.WriteUInt32LittleEndian(info.Slice(104), 1);
            return UserMemory.Write(PosixProcesses.At(record).Endpoint, address, info);
        }
    }
}
