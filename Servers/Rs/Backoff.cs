namespace Lunix.Servers.Rs
{
    // When to restart a crashed service: at once, unless it crashed again soon after its last
    // restart; then the delay doubles with each such crash in a row (2, 4, 8 ... ticks, capped),
    // so a service that cannot start does not take the machine with it (MINIX's backoff).
    internal static class Backoff
    {
        public const ulong StableTicks = 200;   // up this long since its restart: the next crash counts as a first
        public const int MaxDoublings = 8;      // at most 256 ticks

        // rs.backoff=off (RsOptions): every restart at once; quick crashes are still counted.
        public static bool Disabled { get; set; }

        // Updates the count of quick crashes for a crash at `now`; returns the delay in ticks.
        public static ulong AfterCrash(ref ServiceRecord service, ulong now)
        {
            bool quick = service.Restarts > 0 && now - service.LastRestart < StableTicks;
            service.QuickCrashes = quick ? service.QuickCrashes + 1 : 0;
            int doublings = service.QuickCrashes < MaxDoublings ? service.QuickCrashes : MaxDoublings;
            return service.QuickCrashes == 0 || Disabled ? 0 : 1UL << doublings;
        }
    }
}
