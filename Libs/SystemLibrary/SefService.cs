using Lunix.Abi;

namespace Lunix.SystemLibrary
{
    // What a server tells SEF it does on each system event (MINIX's sef_setcb_* callbacks), by
    // overriding these. Results are 0 or a negated Errno. The defaults suit a stateless server:
    // every kind of start is a fresh start, a live update needs no preparation and saves nothing;
    // such a server passes a plain `new SefService()`.
    public class SefService
    {
        // The first start at boot.
        public virtual int InitFresh() => 0;

        // A start after a crash: whatever state the old instance had is gone.
        public virtual int InitRestart() => InitFresh();

        // The new version of a live update: take over the state the old one saved.
        public virtual int InitLiveUpdate(int previousEndpoint) => InitFresh();

        // The old version of a live update: reach a state safe to stop in (no request half done),
        // then save what the new version needs. A negative result refuses the update.
        public virtual int PrepareLiveUpdate() => 0;
        public virtual int SaveState() => 0;

        // The old version goes on serving after a rolled-back update.
        public virtual void LiveUpdateCancelled() { }

        // A non-termination signal, delivered as a message (termination signals end the process).
        public virtual void Signal(int signal) { }

        // Only in a signal manager (RS): `endpoint`, which it manages, has these signals pending.
        public virtual void ManagedSignals(int endpoint, uint signals) { }
    }
}
