using System;

namespace Lunix.Abi
{
    // The data store's requests (Servers/Ds; MINIX's DS_PUBLISH ... DS_CHECK), by SENDREC to
    // BootEndpoints.Ds. Libs/SystemLibrary/DataStore.cs builds them; this is the wire layout.
    //
    // Every request:
    //   Word0..Word2  key: 24 bytes of printable ASCII (0x21-0x7E), ended by a NUL inside the field
    //                 (so at most 23 characters; the bytes after the NUL are ignored). A field with
    //                 no NUL is ENAMETOOLONG, an empty key or another byte EINVAL. Subscribe's
    //                 prefix travels here too and may be empty (every key).
    //   Word3         DsFlags: the entry's type, Overwrite, Initial.
    //   Word4, Word5  the value, by type (below).
    // Every reply has Type = request + 1 and Word0 = 0 or a negated Errno, then its values.
    //
    //   Publish        Word4 by type: U32 the value (low 32 bits); String up to 15 bytes, NUL-ended
    //                  in the 16 bytes of Word4..Word5 (no NUL: EINVAL); Memory Word4 = a grant by
    //                  the caller to DS with read right, Word5 = its length (at most MemoryMax,
    //                  else EINVAL; DS copies the bytes in, the grant's errors come back as they
    //                  are); Label Word4 = the endpoint the label names.
    //                  EEXIST when the key exists and Overwrite is not set; EPERM when it exists
    //                  and the caller does not own it; ENOSPC when the table is full.
    //   Retrieve       Word3 = the type wanted (another type under the key is ENOENT, as MINIX's
    //                  lookup by key and type). Reply: U32 Word1 = the value; String Word1..Word2;
    //                  Memory: request Word4 = a grant to DS with write right, Word5 = its length;
    //                  DS copies min(that, stored length) and the reply's Word1 says how many;
    //                  Label Word1 = the endpoint.
    //   RetrieveLabelOf Word4 = an endpoint; reply Word1..Word3 = the first label naming it, as a
    //                  key field. ENOENT when none does.
    //   Delete         the key alone. ENOENT, EPERM as for Publish.
    //   Subscribe      Word0..Word2 = a key prefix (plain prefix match, no patterns); Initial in
    //                  Word3 reports every entry already under it as changed. Subscribing again to
    //                  the same prefix keeps one subscription. ENOSPC when DS has no room.
    //   Check          reply Word1..Word3 = the next key that changed for the caller since it last
    //                  checked, Word4 = its type, with Deleted when it was deleted; ENOENT when
    //                  nothing more changed. DS NOTIFYs a subscriber when a key under one of its
    //                  prefixes is published, updated or deleted; the subscriber then calls Check
    //                  until ENOENT (changes coalesce: a key changed twice is reported once).
    //
    // Ownership: the process that first publishes a key (message.Source, set by the kernel) owns
    // it; only the owner may publish over it (with Overwrite) or delete it. A label may name only
    // its publisher, except that RS names every service it starts and may overwrite any label;
    // when a label moves to another endpoint (RS restarting a service under a new endpoint) the
    // old endpoint's entries pass to the new one, so the restarted service owns them again.
    //
    // Driver-up convention: a driver publishes the u32 "drv.<its label>" = DriverUp, with
    // Overwrite, when it starts and after every restart. Its clients subscribe to the prefix
    // "drv." and, on each change reported, reopen the driver they use (MINIX's ds_subscribe on
    // "drv\.chr\..*" by VFS).
    public static class DsRequests
    {
        public const int Publish = 0x0600;
        public const int Retrieve = 0x0602;
        public const int RetrieveLabelOf = 0x0604;
        public const int Delete = 0x0606;
        public const int Subscribe = 0x0608;
        public const int Check = 0x060A;

        public const int KeyBytes = 24;             // the key field, its NUL included
        public const int StringBytes = 16;          // the string field, its NUL included
        public const int MemoryMax = 256;           // bytes of one memory entry

        public const string DriverPrefix = "drv.";
        public const uint DriverUp = 1;
    }

    [Flags]
    public enum DsFlags
    {
        U32 = 1,                // the entry's type, in the low three bits
        String = 2,
        Memory = 3,
        Label = 4,
        TypeMask = 7,
        Overwrite = 0x10,       // Publish: replace an entry the caller owns (MINIX's DSF_OVERWRITE)
        Initial = 0x20,         // Subscribe: report the entries already there (MINIX's DSF_INITIAL)
        Deleted = 0x40,         // Check's reply: the key was deleted
    }
}
