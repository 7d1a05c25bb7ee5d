using System;
using System.Runtime.CompilerServices;
using Lunix.Abi;
using Lunix.Kernel.Memory;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Calls
{
    // VMREGIONS: VM saves or loads its record of a process's regions (VmCheckpoints), a0 = the
    // process, a2 = VM's buffer of a3 bytes. Save keeps the record for the process's current
    // address space: a3 is its used length, the header and its Count regions (VmRecordHeader).
    // Load fills the buffer (a3 = VmRequests.RegionRecordBytes) with the used part of the record
    // (a header of zeroes when nothing was saved for this space; EXEC saves a new program's
    // first one). Both return the space's identity, which VM compares with the one in each page
    // fault to know when its own copy is stale. EINVAL for a length that does not fit the record.
    internal static class DoVmRegions
    {
        // The save's staging copy is written whole before it is read: no zeroing of 2 KiB first.
        [SkipLocalsInit]
        public static long Run(long endpoint, long operation, ulong buffer, ulong length)
        {
            Errno error = VmTarget.Resolve(endpoint, out int slot);
            if (error != Errno.Ok) return -(long)error;
            switch ((VmRegionsOp)operation)
            {
                case VmRegionsOp.Save:
                    if (length < VmRecordHeader.Size || length > VmCheckpoints.Bytes) return -(long)Errno.EINVAL;
                    Span<byte> record = stackalloc byte[VmCheckpoints.Bytes];
                    record = record.Slice(0, (int)length);
                    if (new UserSlice<Readable>(buffer, length).CopyTo(record) != Errno.Ok) return -(long)Errno.EFAULT;
                    if (VmCheckpoints.UsedLength(record) != (int)length) return -(long)Errno.EINVAL;
                    VmCheckpoints.Save(slot, record);
                    break;
                case VmRegionsOp.Load:
                    if (length != VmCheckpoints.Bytes) return -(long)Errno.EINVAL;
                    ReadOnlySpan<byte> saved = VmCheckpoints.Load(slot);
                    if (new UserSlice<Writable>(buffer, (ulong)saved.Length).CopyFrom(saved) != Errno.Ok) return -(long)Errno.EFAULT;
                    break;
                default:
                    return -(long)Errno.EINVAL;
            }
            return (long)ProcessTable.Slot(slot).SpaceId;
        }
    }
}
