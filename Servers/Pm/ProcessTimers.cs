namespace Lunix.Servers.Pm
{
    // The deadlines PM keeps for processes (MINIX's PM timers, over one kernel alarm): each
    // process's ITIMER_REAL (alarm and setitimer), its sleep (nanosleep, clock_nanosleep) and its
    // rt_sigtimedwait's timeout, in nanoseconds of CLOCK_MONOTONIC (0: none). PM sets the
    // kernel's alarm for the earliest (PmAlarm); a process's timer never makes PM wait.
    internal enum TimerKind { Alarm = 0, Sleep = 1, SignalWait = 2, Futex = 3 }

    internal static class ProcessTimers
    {
        private const int Kinds = 4;
        private static readonly ulong[] s_deadlines = new ulong[PosixProcesses.MaxProcesses * Kinds];

        // Some deadline changed since the kernel's alarm was last set for the earliest.
        public static bool Changed { get; set; }

        public static void Set(int record, TimerKind kind, ulong deadline)
        {
            s_deadlines[record * Kinds + (int)kind] = deadline == 0 ? 1 : deadline;
            Changed = true;
        }

        public static void Cancel(int record, TimerKind kind)
        {
            if (s_deadlines[record * Kinds + (int)kind] == 0) return;
            s_deadlines[record * Kinds + (int)kind] = 0;
            Changed = true;
        }

        public static ulong DeadlineOf(int record, TimerKind kind) => s_deadlines[record * Kinds + (int)kind];

        public static void CancelAll(int record)
        {
            for (int kind = 0; kind < Kinds; kind++) Cancel(record, (TimerKind)kind);
        }

        // The earliest deadline of all, or 0.
        public static ulong Earliest()
        {
            ulong earliest = 0;
            foreach (ulong deadline in s_deadlines)
                if (deadline != 0 && (earliest == 0 || deadline < earliest)) earliest = deadline;
            return earliest;
        }

        // A timer due by `now`, taken off (the earliest first), with its deadline; false when none is.
        public static bool TakeExpired(ulong now, out int record, out TimerKind kind, out ulong deadline)
        {
            int due = -1;
            for (int i = 0; i < s_deadlines.Length; i++)
                if (s_deadlines[i] != 0 && s_deadlines[i] <= now && (due < 0 || s_deadlines[i] < s_deadlines[due])) due = i;
            record = due < 0 ? 0 : due / Kinds;
            kind = due < 0 ? TimerKind.Alarm : (TimerKind)(due % Kinds);
            deadline = due < 0 ? 0 : s_deadlines[due];
            if (due < 0) return false;
            s_deadlines[due] = 0;
            Changed = true;
            return true;
        }
    }
}
