namespace Lunix.Abi
{
    // The system event framework's messages between RS (the reincarnation server) and the
    // services it manages (Libs/SystemLibrary/Sef.cs handles them before a server sees a message).
    // RS sends with SENDA so that no service can block it; services answer RS with SEND.
    public static class SefMessages
    {
        // RS -> service: initialise (a SefInit). The service answers InitDone (a SefInitDone).
        public const int Init = 0x0500;
        public const int InitDone = 0x0501;

        // RS -> service: a non-termination signal (a SefSignal), delivered as a message.
        public const int Signal = 0x0502;

        // RS -> service: reach a safe state for a live update and save your state (a
        // SefLiveUpdatePrepare). The service answers LiveUpdateReady (a SefLiveUpdateReady).
        public const int LiveUpdatePrepare = 0x0503;
        public const int LiveUpdateReady = 0x0504;
        // RS -> old version: the update was rolled back; go on serving. No payload.
        public const int LiveUpdateCancel = 0x0505;

        // RS -> service: inject a fault (a SefFaultInject) into the service's own execution, for
        // the recovery and fault-injection suites.
        public const int FaultInject = 0x0506;

        // The type of a GarbageReply: none of any protocol's.
        public const int Garbage = 0x7EAD;

        // Pings: RS sends a NOTIFY; SEF answers with a NOTIFY to RS. No message type needed.
    }

    public struct SefInit : IMessagePayload
    {
        public InitKind Kind;
        public int Previous;            // live update: the old version's endpoint
        public ServiceLabel Label;      // the service's name (its DS label)
        public int StateGrant;          // live update: the grant of the state the old version offered (-1: none)
        public InitFault Fault;         // what to commit (the liveupdate suite's rollback cases; None normally)
    }

    public struct SefInitDone : IMessagePayload
    {
        public int Result;              // 0 or a negated Errno
    }

    public struct SefSignal : IMessagePayload
    {
        public int Number;
    }

    public struct SefLiveUpdatePrepare : IMessagePayload
    {
        public int Successor;           // the endpoint the new version will have: the state grant is made out to it
        public int NewVersion;          // where the new version waits until the swap: memory shared with it (Sef.OfferImage) goes there
    }

    public struct SefLiveUpdateReady : IMessagePayload
    {
        public int Result;              // 0: state saved, now waiting for the swap; a negated Errno: refused (the update is abandoned)
        public int StateGrant;          // the grant through which the new version copies the offered state (-1: none; RS passes it on in Init)
    }

    public struct SefFaultInject : IMessagePayload
    {
        public FaultKind Kind;
    }

    // What a service answers in place of its next reply after an injected GarbageReply fault:
    // type Garbage and a result, where every client's reply has its own, of 0 (success), 21 or
    // a wild number, so that only a client that checks the reply's type is safe.
    public struct GarbageReply : IMessagePayload
    {
        public long Result;
        public long Junk;
    }

    public enum InitKind
    {
        Fresh = 0,          // the first start at boot
        LiveUpdate = 1,     // a new version replacing a running one, whose state it takes over
        Restart = 2,        // after a crash: state is lost, the endpoint kept or changed per policy
    }

    // What a new version does wrong in its initialisation when RS's Update request asks for it:
    // how the liveupdate suite makes RS roll an update back.
    public enum InitFault
    {
        None = 0,
        Crash = 1,          // a write through a null pointer
        Fail = 2,           // reports failure (EIO)
        Hang = 3,           // never reports: RS's initialisation timeout
    }

    // What RS's FaultInject makes a service do (MINIX's testrelpol and EDFI kinds): faults that
    // end in a ring-3 exception or an exit (RS restarts the service), a hang (RS restarts it when
    // it misses its pings), and faults it survives (a garbage reply, bad pointers handed to the
    // kernel).
    public enum FaultKind
    {
        Crash = 1,          // a write through a null pointer: a page fault in ring 3
        WildWrite = 2,      // a write through a pointer into unmapped user memory far from anything
        EndlessLoop = 3,    // spins for ever: only the missing ping answer reveals it
        GarbageReply = 4,   // the service's next reply carries a garbage type and payload
        KernelWrite = 5,    // a write to a kernel-half address: a protection page fault
        NonCanonicalRead = 6,   // a read of a non-canonical address: a general-protection fault
        TextWrite = 7,      // a write into the service's own read-only code
        StackOverflow = 8,  // recursion without end, into the guard page below the stack
        IllegalInstruction = 9, // ud2: an invalid-opcode fault
        Exit = 10,          // the service exits, as if its main had returned
        BadSystemCallPointers = 11, // unreadable pointers handed to system calls: each must fail
                                    // with EFAULT, and the service serves on
    }

    // The names of the fault kinds, as the fault-injection suite prints them and RS's rs.do
    // option takes them.
    public static class FaultKinds
    {
        public const int Count = 11;    // FaultKind 1..Count

        public static string Name(FaultKind kind) => kind switch
        {
            FaultKind.Crash => "null-write",
            FaultKind.WildWrite => "unmapped-write",
            FaultKind.EndlessLoop => "endless-loop",
            FaultKind.GarbageReply => "garbage-reply",
            FaultKind.KernelWrite => "kernel-write",
            FaultKind.NonCanonicalRead => "noncanonical-read",
            FaultKind.TextWrite => "text-write",
            FaultKind.StackOverflow => "stack-overflow",
            FaultKind.IllegalInstruction => "illegal-instruction",
            FaultKind.Exit => "exit",
            _ => "bad-syscall-pointers",
        };

        public static bool TryParse(System.ReadOnlySpan<char> name, out FaultKind kind)
        {
            for (int k = 1; k <= Count; k++)
            {
                kind = (FaultKind)k;
                if (System.MemoryExtensions.SequenceEqual(name, Name(kind))) return true;
            }
            kind = 0;
            return false;
        }
    }
}
