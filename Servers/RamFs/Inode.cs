namespace Lunix.Servers.RamFs
{
    // One file, directory, symlink, device or fifo of the RAM file system (a row of InodeTable).
    // Its data is in pages (FileData: an index page for the first 4 MiB, a double index beyond),
    // or, for a file as the root archive or an initrd packed it, left in place in the archive's
    // memory (Extent), read-only, until the first write copies it into pages. A directory's data
    // is its entries (Directory); a symlink's, its target.
    public struct Inode
    {
        public uint Mode;                   // type and permissions, as st_mode; 0: a free row
        public uint Uid, Gid;
        public uint Links;                  // names (a directory's: its own, ".", and each subdirectory's "..")
        public ulong Size;
        public long AccessSeconds, ModifySeconds, ChangeSeconds;
        public int AccessNanoseconds, ModifyNanoseconds, ChangeNanoseconds;
        public ulong SpecialDevice;         // a device's st_rdev
        public ulong Extent;                // the data in place (Size bytes), or 0
        public uint Index, DoubleIndex;     // page ids of the data's index pages, or 0
        public uint Parent;                 // a directory's "..", its own number for an instance's root
        public uint NextFree;               // on the free list
        public ushort Instance;             // the mounted instance it belongs to
        public bool Held;                   // VFS holds it (a lookup with Keep): kept while it has no links
        public bool MountPoint;             // a lookup that reaches it stops (EnterMount)
        public bool ExtentOwned;            // Extent is memory of our own (an exec copy), unmapped with it
    }
}
