namespace Lunix.Abi.Linux
{
    // Lunix's own system calls for POSIX programs, numbered past Linux's table (a Linux kernel
    // answers them ENOSYS). The kernel routes them like Linux's (PosixDoor).
    public static class LunixCalls
    {
        // MINIX's minix-service: the services RS runs, and requests to RS. RS answers it.
        //   a0 = ServiceOperations.Count: the number of services (RS itself is index 0);
        //   a0 = Status, a1 = index, a2 = a ServiceStatus buffer, a3 = its size: that service;
        //   a0 = Request, a1 = text, a2 = its length: one request in rs.do's form
        //        (restart:LABEL, update:LABEL, fault:LABEL:KIND), answered once RS has carried it
        //        out: the service's endpoint, or -ENOENT (no such service), -EBUSY, -EPERM,
        //        -EINVAL (no such request), -ETIMEDOUT, -EIO.
        public const int Service = 0x4C58;
    }

    public static class ServiceOperations
    {
        public const long Count = 0, Status = 1, Request = 2;
    }

    // One service as `service list` shows it (ServiceOperations.Status).
    public struct ServiceStatus
    {
        public ServiceLabel Label;      // 16 ASCII bytes, zero-padded
        public int Endpoint;
        public ServiceState State;
        public int Restarts;
        public int Crashes;
    }
}
