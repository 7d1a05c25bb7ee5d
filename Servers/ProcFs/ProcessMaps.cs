using System;
using System.Runtime.InteropServices;
using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.Servers.ProcFs
{
    // /proc/PID/maps: the process's regions as VM keeps them (VmRequests.Regions), one line each
    // in Linux's format, "start-end perms offset dev inode", without file names: VM records a
    // region's rights and kind, not the file it came from (a file's bytes are copied in).
    public static class ProcessMaps
    {
        public static void Write(int pid, ref ProcText text)
        {
            int process = ProcessTable.FindPid(pid);
            if (process < 0) return;
            Span<VmRegion> regions = stackalloc VmRegion[VmRequests.RegionsPerProcess];
            Span<byte> bytes = MemoryMarshal.Cast<VmRegion, byte>(regions);
            int grant = GrantTable.GrantWritable(BootEndpoints.Vm, bytes);
            if (grant < 0) return;
            Message message = default;
            message.Type = VmRequests.Regions;
            message.Payload<VmRegionsRequest>() = new VmRegionsRequest { Process = ProcessTable.At(process).Endpoint, Grant = grant, Count = regions.Length };
            int sent = Syscalls.SendReceive(BootEndpoints.Vm, ref message);
            GrantTable.Revoke(grant);
            long count = sent == 0 ? message.Payload<VmReply>().Result : -1;
            for (int i = 0; i < count && i < regions.Length; i++) Line(ref text, in regions[i]);
        }

        private static void Line(ref ProcText text, in VmRegion region)
        {
            VmProtection rights = region.Protection;
            bool none = (rights & VmProtection.NoAccess) != 0;
            text.Hex(region.Start, 8).Char('-').Hex(region.End, 8).Char(' ');
            text.Char(none ? '-' : 'r').Char(!none && (rights & VmProtection.Writable) != 0 ? 'w' : '-')
                .Char(!none && (rights & VmProtection.Executable) != 0 ? 'x' : '-')
                .Char((region.Flags & VmRegionFlags.Shared) != 0 ? 's' : 'p');
            text.Text(" 00000000 00:00 0").Line();
        }
    }
}
