namespace Lunix.Abi
{
    // An endpoint names a process slot and the slot's generation, so that a message to a process
    // that has exited, whose slot was reused, fails with EDEADSRCDST instead of reaching the new
    // occupant. Encoding (MINIX's _ENDPOINT): generation * GenerationSize + slot.
    public readonly struct Endpoint
    {
        public const int GenerationSize = 0x8000;   // slots per generation step (the encoding's limit)
        public const int MaxProcesses = 64;          // process slots: the size of the kernel's process table
        public const int Any = 0x7ace;               // RECEIVE from anyone
        public const int None = 0x6ace;              // no endpoint
        public const int Self = 0x8ace;              // the caller itself

        public static int Make(int generation, int slot) => generation * GenerationSize + slot;
        public static int SlotOf(int endpoint) => endpoint % GenerationSize;
        public static int GenerationOf(int endpoint) => endpoint / GenerationSize;
    }
}
