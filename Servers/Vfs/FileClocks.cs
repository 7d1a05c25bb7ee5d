using Lunix.Abi;

namespace Lunix.Servers.Vfs
{
    // PM's real time for the file systems (PmVfsRequests.Clock): passed on to each mounted file
    // system server now, and to every one mounted later, so that their file times are the real
    // time. VFS itself keeps time in ticks (VfsClock); until PM's news, file systems count from boot.
    public static class FileClocks
    {
        private static long s_bootRealtime;
        private static bool s_known;

        public static long Set(long bootRealtime)
        {
            s_bootRealtime = bootRealtime;
            s_known = true;
            for (int m = 0; m < Mounts.Capacity; m++)
            {
                if (!Mounts.At(m).InUse) continue;
                bool told = false;
                for (int earlier = 0; earlier < m; earlier++)
                    if (Mounts.At(earlier).InUse && Mounts.At(earlier).Server == Mounts.At(m).Server) told = true;
                if (!told) Tell(Mounts.At(m).Server);
            }
            return 0;
        }

        // A file system just mounted: the real time, if PM has said it.
        public static void Mounted(int server)
        {
            if (s_known) Tell(server);
        }

        private static void Tell(int server) => FileServers.Data(server, FsRequests.Clock, 0, (ulong)s_bootRealtime, 0, -1, 0, out _);
    }
}
