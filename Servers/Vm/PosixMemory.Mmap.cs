using Lunix.Abi;
using Lunix.Abi.Linux;

namespace Lunix.Servers.Vm
{
    public sealed partial class PosixMemory
    {
        // What MAP_SHARED_VALIDATE accepts; plain MAP_SHARED and MAP_PRIVATE ignore unknown flags.
        private const long KnownMapFlags = LinuxMemory.MapType | LinuxMemory.MapFixed | LinuxMemory.MapAnonymous | LinuxMemory.Map32Bit
            | LinuxMemory.MapGrowsDown | LinuxMemory.MapDenyWrite | LinuxMemory.MapExecutable | LinuxMemory.MapLocked | LinuxMemory.MapNoReserve
            | LinuxMemory.MapPopulate | LinuxMemory.MapNonBlock | LinuxMemory.MapStack | LinuxMemory.MapHugeTlb | LinuxMemory.MapSync
            | LinuxMemory.MapFixedNoReplace | ((long)LinuxMemory.MapHugeMask << LinuxMemory.MapHugeShift);
        // Where MAP_32BIT places (Linux's window for it: the second GiB).
        private const ulong Low32Start = 0x4000_0000, Low32End = 0x8000_0000;

        // mmap. Anonymous memory, private or shared (MAP_SHARED|MAP_ANONYMOUS stays shared with
        // children across fork: its pages are VmProtection.Shared), is a region whose pages come
        // at their first touch. A file's private mapping is a region VM fills with the file's
        // bytes before answering (FileMappings, through VFS). A shared mapping of a descriptor is
        // the device memory behind it (/dev/fb0's pixels: VFS's MapDevice, the kernel maps it on
        // the driver's authority), a Device region; VFS refuses a regular file's (ENODEV: its
        // writes would have to reach the file; not done). MAP_FIXED replaces what was there;
        // MAP_FIXED_NOREPLACE refuses with EEXIST; otherwise the address is a hint, taken when
        // the range there is free, else VM places the mapping (TryPlace). Linux's errors:
        // EINVAL for an unaligned offset or fixed address, length 0, a bad type; EBADF for a file
        // mapping without a descriptor; ENOMEM for no room (or MAP_HUGETLB, with no huge pages
        // set aside, as on a Linux that reserved none); EPERM below MinAddress; EACCES for W|X.
        private long Mmap(int caller, ulong address, ulong length, long prot, long flags, int descriptor, ulong offset)
        {
            if ((offset & PageMask) != 0) return -(long)LinuxErrno.EINVAL;
            long type = flags & LinuxMemory.MapType;
            if (type != LinuxMemory.MapShared && type != LinuxMemory.MapPrivate && type != LinuxMemory.MapSharedValidate) return -(long)LinuxErrno.EINVAL;
            if (type == LinuxMemory.MapSharedValidate && (flags & ~KnownMapFlags) != 0) return -(long)LinuxErrno.EOPNOTSUPP;
            bool anonymous = (flags & LinuxMemory.MapAnonymous) != 0, shared = type != LinuxMemory.MapPrivate;
            if (!anonymous && descriptor < 0) return -(long)LinuxErrno.EBADF;
            if (length == 0) return -(long)LinuxErrno.EINVAL;
            ulong size = PageUp(length);
            if (size == 0 || size > UserEnd - MinAddress || (flags & LinuxMemory.MapHugeTlb) != 0) return -(long)LinuxErrno.ENOMEM;
            if (!anonymous && offset + size < offset) return -(long)LinuxErrno.EOVERFLOW;
            long refused = ProtectionOf(prot, out VmProtection protection);
            if (refused != 0) return refused;
            bool noReplace = (flags & LinuxMemory.MapFixedNoReplace) != 0, fixedAddress = noReplace || (flags & LinuxMemory.MapFixed) != 0;
            if (fixedAddress)
            {
                if ((address & PageMask) != 0) return -(long)LinuxErrno.EINVAL;
                if (address > UserEnd - size) return -(long)LinuxErrno.ENOMEM;
                if (address < MinAddress) return -(long)LinuxErrno.EPERM;
            }

            int opened = regions.Open(caller, out int entry);
            if (opened != 0) return Failure(opened);
            if (fixedAddress)
            {
                if (noReplace && !regions.IsFree(entry, address, address + size)) return -(long)LinuxErrno.EEXIST;
                int cleared = regions.Clear(entry, address, address + size);
                if (cleared != 0) return Discard(entry, cleared);
            }
            else if (!TryHint(entry, address, size, out address)
                     && !((flags & LinuxMemory.Map32Bit) != 0
                         ? regions.TryPlace(entry, size, Low32Start, Low32End, out address)
                         : regions.TryPlace(entry, size, MinAddress, MmapTop, out address)))
                return -(long)LinuxErrno.ENOMEM;

            var region = new VmRegion
            {
                Start = address, Length = size, Protection = protection, Giver = Endpoint.None,
                Flags = (shared ? VmRegionFlags.Shared : VmRegionFlags.None) | (anonymous ? VmRegionFlags.None : VmRegionFlags.File)
                        | (shared && !anonymous ? VmRegionFlags.Device : VmRegionFlags.None),
            };
            int inserted = regions.Insert(entry, in region);
            if (inserted == 0) inserted = regions.Save(entry);
            if (inserted != 0) return Discard(entry, inserted);
            // The pages of what MAP_FIXED replaced.
            if (fixedAddress) pages.Unmap(caller, address, size);
            if (!anonymous)
            {
                files.Start(caller, address, size, protection, descriptor, offset, device: shared);
                return Deferred;
            }
            if ((flags & (LinuxMemory.MapPopulate | LinuxMemory.MapLocked)) != 0) pages.Back(caller, address, size, RegionTable.PageRights(in region));
            return (long)address;
        }

        // A hint taken as x86 Linux takes it: rounded down to its page, and only where the whole
        // range is free and inside user space.
        private bool TryHint(int entry, ulong hint, ulong size, out ulong address)
        {
            address = hint & ~PageMask;
            return hint != 0 && address >= MinAddress && address <= UserEnd - size && regions.IsFree(entry, address, address + size);
        }
    }
}
