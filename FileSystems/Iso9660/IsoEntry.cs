namespace Lunix.FileSystems.Iso9660
{
    // What one directory entry says, from its record(s) and, with Rock Ridge, its system-use
    // entries: the inode's details as stat gives them. Its name and a symlink's target are in the
    // volume's buffers (IsoVolume.Name, IsoVolume.LinkTarget) until the next entry is read.
    public struct IsoEntry
    {
        public ulong Inode;                 // the volume's inode number (IsoVolume's numbering)
        public ulong Record;                // where its (first) record is on the medium, in bytes
        public uint DataBlock;              // its first extent's data
        public ulong Size;                  // all its extents together
        public bool Directory;
        public bool MultiExtent;
        public bool Interleaved;
        public bool Associated;             // ECMA-119's associated file: shown by no system
        public uint Mode, Links, Uid, Gid;
        public ulong SpecialDevice;
        public long ModifySeconds, AccessSeconds, ChangeSeconds;
        public int NameLength, LinkLength;
        // Rock Ridge's deep-directory relocation (RRIP 4.1.5): RE marks the moved directory where
        // it really is (hidden there), CL the placeholder where it belongs, PL its real parent.
        public bool Relocated;
        public uint ChildLink, ParentLink;  // blocks; 0 when absent
        public bool HasPosix;               // a PX entry gave mode, links and owners
        public bool RockRidgeName;          // an NM entry named it
    }
}
