using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Lunix.Abi
{
    // The data store's requests (Servers/Ds; MINIX's DS_PUBLISH ... DS_CHECK), by SENDREC to
    // BootEndpoints.Ds, each a DsRequest; Libs/SystemLibrary/DataStore.cs builds them. Every reply
    // has Type = request + 1 and is a DsReply: Result = 0 or a negated Errno, then its values.
    //
    // Every request's Key: up to 24 bytes of printable ASCII (0x21-0x7E), ended by a NUL inside
    // the field (so at most 23 characters; the bytes after the NUL are ignored). A field with no
    // NUL is ENAMETOOLONG, an empty key or another byte EINVAL. Subscribe's prefix travels there
    // too and may be empty (every key). Flags: the entry's type, Overwrite, Initial.
    //
    //   Publish        the value by type: U32 Number; String Text, up to 15 bytes NUL-ended (no
    //                  NUL: EINVAL); Memory Grant = a grant by the caller to DS with read right,
    //                  Length = its length (at most MemoryMax, else EINVAL; DS copies the bytes
    //                  in, the grant's errors come back as they are); Label Endpoint = the
    //                  endpoint the label names.
    //                  EEXIST when the key exists and Overwrite is not set; EPERM when it exists
    //                  and the caller does not own it; ENOSPC when the table is full.
    //   Retrieve       Flags = the type wanted (another type under the key is ENOENT, as MINIX's
    //                  lookup by key and type). Reply: U32 Number; String Text; Memory: request
    //                  Grant = a grant to DS with write right, Length = its length; DS copies
    //                  min(that, stored length) and the reply's Copied says how many; Label
    //                  Endpoint.
    //   RetrieveLabelOf Endpoint = an endpoint; the reply's Key = the first label naming it.
    //                  ENOENT when none does.
    //   Delete         the key alone. ENOENT, EPERM as for Publish.
    //   Subscribe      Key = a key prefix (plain prefix match, no patterns); Initial reports every
    //                  entry already under it as changed. Subscribing again to the same prefix
    //                  keeps one subscription. ENOSPC when DS has no room.
    //   Check          the reply's Key = the next key that changed for the caller since it last
    //                  checked, Flags = its type, with Deleted when it was deleted; ENOENT when
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

    // Every request to DS (MINIX's mess_ds_req): the key, the flags, and the value by type.
    [StructLayout(LayoutKind.Explicit)]
    public struct DsRequest : IMessagePayload
    {
        [FieldOffset(0)] public DsKey Key;
        [FieldOffset(24)] public DsFlags Flags;
        [FieldOffset(32)] public uint Number;       // Publish U32
        [FieldOffset(32)] public DsString Text;     // Publish String
        [FieldOffset(32)] public int Grant;         // Memory: the caller's grant to DS (Publish: read, Retrieve: write)
        [FieldOffset(36)] public uint Length;       //   and its length
        [FieldOffset(32)] public int Endpoint;      // Publish Label: the endpoint it names; RetrieveLabelOf: whose label
    }

    // Every reply of DS (MINIX's mess_ds_reply): the result, and what was asked for.
    [StructLayout(LayoutKind.Explicit)]
    public struct DsReply : IMessagePayload
    {
        [FieldOffset(0)] public long Result;        // 0 or a negated Errno
        [FieldOffset(8)] public uint Number;        // Retrieve U32
        [FieldOffset(8)] public DsString Text;      // Retrieve String
        [FieldOffset(8)] public int Copied;         // Retrieve Memory: bytes copied into the grant
        [FieldOffset(8)] public int Endpoint;       // Retrieve Label
        [FieldOffset(8)] public DsKey Key;          // RetrieveLabelOf: the label; Check: the key that changed
        [FieldOffset(32)] public DsFlags Flags;     // Check: its type, with Deleted
    }

    // A key field: KeyBytes bytes, NUL-ended text.
    [InlineArray(DsRequests.KeyBytes)]
    public struct DsKey
    {
        private byte _first;
    }

    // A string value's field: StringBytes bytes, NUL-ended text.
    [InlineArray(DsRequests.StringBytes)]
    public struct DsString
    {
        private byte _first;
    }
}
