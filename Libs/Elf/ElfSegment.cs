namespace Lunix.Elf
{
    // One PT_LOAD segment of a program: FileSize bytes at FileOffset are copied to VirtualAddress,
    // the rest of MemorySize is zero (bss). Page-aligned as a whole by ElfImage's checks.
    public readonly struct ElfSegment
    {
        public readonly ulong VirtualAddress;
        public readonly ulong MemorySize;
        public readonly ulong FileOffset;
        public readonly ulong FileSize;
        public readonly bool Readable;
        public readonly bool Writable;
        public readonly bool Executable;

        public ElfSegment(ulong virtualAddress, ulong memorySize, ulong fileOffset, ulong fileSize, bool readable, bool writable, bool executable)
        {
            VirtualAddress = virtualAddress;
            MemorySize = memorySize;
            FileOffset = fileOffset;
            FileSize = fileSize;
            Readable = readable;
            Writable = writable;
            Executable = executable;
        }

        public ulong End => VirtualAddress + MemorySize;
    }
}
