using System;
using Lunix.Abi;
using Lunix.Kernel.Memory;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Calls
{
    // VMREGIONS: VM saves or loads its record of a process's regions (VmCheckpoints), a0 = the
    // process, a2 = VM's buffer of a3 bytes (exactly VmRequests.RegionRecordBytes). Save keeps
    // the buffer for the process's current address space; Load fills it (all zeroes when nothing
    // was saved for this space). Both return the space's identity, which VM compares with the one
    // in each page fault to know when its own copy is stale.
    internal static class DoVmRegions
    {
        public static long Run(long endpoint, long operation, ulong buffer, ulong length)
        {
            Errno error = VmTarget.Resolve(endpoint, out int slot);
            if (error != Errno.Ok) return -(long)error;
            if (length != VmCheckpoints.Bytes) return -(long)Errno.EINVAL;
            Span<byte> record = stackalloc byte[VmCheckpoints.Bytes];
            switch ((VmRegionsOp)operation)
            {
                case VmRegionsOp.Save:
                    if (new UserSlice<Readable>(buffer, length).CopyTo(record) != Errno.Ok) return -(long)Errno.EFAULT;
                    VmCheckpoints.Save(slot, record);
                    break;
                case VmRegionsOp.Load:
                    if (new UserSlice<Writable>(buffer, length).CopyFrom(VmCheckpoints.Load(slot)) != Errno.Ok) return -(long)Errno.EFAULT;
                    break;
                default:
                    return -(long)Errno.EINVAL;
            }
            return (long)ProcessTable.Slot(slot).SpaceId;
        }
    }
}
