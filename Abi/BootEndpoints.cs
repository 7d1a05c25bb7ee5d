namespace Lunix.Abi
{
    // The endpoints of the boot image's programs (Kernel/Boot/BootImage.cs gives each its slot;
    // generation 0 at boot, so endpoint = slot). Programs find each other through these until the
    // data store (DS) publishes labels.
    public static class BootEndpoints
    {
        public const int Pong = 1;
        public const int Ping = 2;
        public const int Faulter = 3;
        public const int Spinner = 4;
        public const int Init = 5;
        public const int Fuzzer = 6;
        public const int RelayA = 7;
        public const int RelayB = 8;
        public const int GrantTest = 9;     // the grants suite: its driver and two copiers
        public const int CopierA = 10;
        public const int CopierB = 11;
        public const int Rs = 12;           // the reincarnation server: starts, pings and restarts services
        public const int Ds = 13;           // the data store
        public const int DsTest = 14;       // the ds suite: its client and a second publisher
        public const int DsPeer = 15;
        public const int Hello = 16;        // the hello character driver
        public const int RecoveryTest = 17; // the recovery suite's client
        public const int HelloNew = 18;     // the recovery suite: hello again, restarted with a new endpoint
        public const int InitFails = 19;    // the recovery suite: services whose initialisation fails
        public const int InitHangs = 20;    //   or never reports
        public const int Vm = 21;           // the virtual-memory server: page faults, anonymous memory, map_memory
        public const int VmTest = 22;       // the vm suite: its client (and its peer's signal manager)
        public const int VmPeer = 23;       //   and a second process it maps memory into
        public const int LiveUpdateTest = 24;   // the liveupdate suite's client
        public const int FaultCampaign = 27;    // the faultinject suite: injects faults through RS
        public const int FaultClient = 28;      //   and an ordinary client making requests meanwhile
        // 29-59: no boot program's, so the fuzzer blocks on them knowing nobody answers (new
        // programs take the free slots below 29 first).
        public const int System = 62;       // the source of the kernel's signal notifications (to signal managers)
        public const int Kernel = 63;       // the source of the kernel's notifications (alarms)
    }
}
