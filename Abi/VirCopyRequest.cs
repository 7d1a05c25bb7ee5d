namespace Lunix.Abi
{
    // VIRCOPY's request (MINIX's sys_vircopy): the POSIX servers copy between their own memory
    // and a process's (a path name, a stat buffer, execve's arguments), or between two others'.
    // Endpoint.Self names the caller. Only PM, VFS and VM may make the call.
    public struct VirCopyRequest
    {
        public int SourceEndpoint;
        public int DestinationEndpoint;
        public ulong SourceAddress;
        public ulong DestinationAddress;
        public ulong Length;
    }
}
