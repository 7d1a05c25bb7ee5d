namespace Lunix.Abi
{
    // An endpoint names a process slot and the slot's generation, so that a message to a process
    // that has exited, whose slot was reused, fails with EDEADSRCDST instead of reaching the new
    // occupant. Encoding (MINIX's _ENDPOINT): generation * GenerationSize + slot.
    public readonly struct Endpoint
    {
        public const int GenerationSize = 0x8000;   // the encoding's room for slots per generation step
        public const int Any = 0x7ace;               // RECEIVE from anyone
        public const int None = 0x6ace;              // no endpoint
        public const int Self = 0x8ace;              // the caller itself

        // The number of process slots (MINIX's NR_PROCS + NR_TASKS): the kernel's process table
        // and every table or bitmap kept per process, in the kernel and in the servers, is sized
        // from it. It stays below the slot parts of Any, None and Self (0x7ace, 0x6ace and 0xace:
        // Self's is the smallest), so no endpoint of a real process is ever one of them.
        public const int Slots = 1024;

        public static int Make(int generation, int slot) => generation * GenerationSize + slot;
        public static int SlotOf(int endpoint) => endpoint % GenerationSize;
        public static int GenerationOf(int endpoint) => endpoint / GenerationSize;
    }
}
