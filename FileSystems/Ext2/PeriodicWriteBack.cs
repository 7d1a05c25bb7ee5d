using Lunix.SystemLibrary;

namespace Lunix.FileSystems.Ext2
{
    // The periodic write-back (Linux's flusher, dirty_writeback_centisecs): what a request
    // changed reaches the device within Seconds even when no one syncs, so a machine turned off
    // at its switch, or a server that crashes, loses only the last few seconds' changes. After
    // a request that left something to write, the kernel's alarm is set (once: a change made
    // meanwhile goes with the same write-back); when it rings, every mounted volume is flushed.
    internal static class PeriodicWriteBack
    {
        public const int Seconds = 5;
        private static bool s_armed;

        public static void AfterRequest()
        {
            if (s_armed || !Ext2RequestHandlers.AnyChangesWaiting()) return;
            s_armed = Kernel.SetAlarm((long)(Seconds * Kernel.TicksPerSecond())) >= 0;
        }

        public static void AlarmRang()
        {
            s_armed = false;
            Ext2RequestHandlers.WriteBackAll();
        }
    }
}
