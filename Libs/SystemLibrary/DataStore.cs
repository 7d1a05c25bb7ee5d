using System;
using Lunix.Abi;

namespace Lunix.SystemLibrary
{
    // The data store's client side (MINIX's ds_publish_* / ds_retrieve_* / ds_subscribe /
    // ds_check): each call builds one request (layout in Abi/DsRequests.cs) and makes one SENDREC
    // to DS. Results are 0 or a negated Errno: the SENDREC's own, or DS's answer. Keys are at
    // most 23 ASCII characters (ENAMETOOLONG beyond); `flags` takes Overwrite (Publish*) or
    // Initial (Subscribe), the type bits are the call's own. A reply that is not DS's answer to the
    // request is EIO.
    public static unsafe class DataStore
    {
        public static int PublishU32(ReadOnlySpan<char> key, uint value, DsFlags flags = 0)
        {
            Message request;
            int bad = Prepare(&request, DsRequests.Publish, key, WithType(flags, DsFlags.U32));
            if (bad != 0) return bad;
            request.Word4 = value;
            return Call(&request);
        }

        public static int RetrieveU32(ReadOnlySpan<char> key, out uint value)
        {
            Message request;
            value = 0;
            int result = Prepare(&request, DsRequests.Retrieve, key, DsFlags.U32);
            if (result == 0) result = Call(&request);
            if (result == 0) value = (uint)request.Word1;
            return result;
        }

        // Up to 15 ASCII characters (EINVAL beyond): they travel in the message.
        public static int PublishString(ReadOnlySpan<char> key, string value, DsFlags flags = 0)
        {
            Message request;
            int bad = Prepare(&request, DsRequests.Publish, key, WithType(flags, DsFlags.String));
            if (bad == 0) bad = WriteText(&request.Word4, DsRequests.StringBytes, value, Errno.EINVAL);
            return bad != 0 ? bad : Call(&request);
        }

        // `value` must hold 15 characters; `length` says how many the string has.
        public static int RetrieveString(ReadOnlySpan<char> key, Span<char> value, out int length)
        {
            Message request;
            length = 0;
            int result = Prepare(&request, DsRequests.Retrieve, key, DsFlags.String);
            if (result == 0) result = Call(&request);
            return result != 0 ? result : ReadText(&request.Word1, DsRequests.StringBytes, value, out length);
        }

        // Up to MemoryMax bytes, which DS copies in through a grant made for this call alone.
        public static int PublishMemory(ReadOnlySpan<char> key, void* bytes, int length, DsFlags flags = 0)
        {
            Message request;
            int bad = Prepare(&request, DsRequests.Publish, key, WithType(flags, DsFlags.Memory));
            if (bad != 0) return bad;
            if ((uint)length > DsRequests.MemoryMax) return -(int)Errno.EINVAL;
            int grant = GrantTable.GrantDirect(BootEndpoints.Ds, bytes, (ulong)length, GrantFlags.Read);
            if (grant < 0) return grant;
            request.Word4 = grant;
            request.Word5 = length;
            int result = Call(&request);
            GrantTable.Revoke(grant);
            return result;
        }

        // DS copies up to `capacity` bytes into `buffer` through a grant made for this call alone;
        // `length` says how many it copied.
        public static int RetrieveMemory(ReadOnlySpan<char> key, void* buffer, int capacity, out int length)
        {
            Message request;
            length = 0;
            int result = Prepare(&request, DsRequests.Retrieve, key, DsFlags.Memory);
            if (result != 0) return result;
            if (capacity < 0) return -(int)Errno.EINVAL;
            int grant = GrantTable.GrantDirect(BootEndpoints.Ds, buffer, (ulong)capacity, GrantFlags.Write);
            if (grant < 0) return grant;
            request.Word4 = grant;
            request.Word5 = capacity;
            result = Call(&request);
            GrantTable.Revoke(grant);
            if (result == 0) length = (int)request.Word1;
            return result;
        }

        // A label may name only the caller itself (RS names the services it starts).
        public static int PublishLabel(ReadOnlySpan<char> label, int endpoint, DsFlags flags = 0)
        {
            Message request;
            int bad = Prepare(&request, DsRequests.Publish, label, WithType(flags, DsFlags.Label));
            if (bad != 0) return bad;
            request.Word4 = endpoint;
            return Call(&request);
        }

        public static int RetrieveLabel(ReadOnlySpan<char> label, out int endpoint)
        {
            Message request;
            endpoint = Endpoint.None;
            int result = Prepare(&request, DsRequests.Retrieve, label, DsFlags.Label);
            if (result == 0) result = Call(&request);
            if (result == 0) endpoint = (int)request.Word1;
            return result;
        }

        // The reverse lookup: the label naming `endpoint`. `label` must hold 23 characters.
        public static int RetrieveLabelOf(int endpoint, Span<char> label, out int length)
        {
            Message request;
            length = 0;
            Prepare(&request, DsRequests.RetrieveLabelOf, "", 0);
            request.Word4 = endpoint;
            int result = Call(&request);
            return result != 0 ? result : ReadText(&request.Word1, DsRequests.KeyBytes, label, out length);
        }

        public static int Delete(ReadOnlySpan<char> key)
        {
            Message request;
            int bad = Prepare(&request, DsRequests.Delete, key, 0);
            return bad != 0 ? bad : Call(&request);
        }

        // Every key starting with `prefix` (empty: every key); DS NOTIFYs the caller of changes.
        public static int Subscribe(ReadOnlySpan<char> prefix, DsFlags flags = 0)
        {
            Message request;
            int bad = Prepare(&request, DsRequests.Subscribe, prefix, flags);
            return bad != 0 ? bad : Call(&request);
        }

        // The next changed key (`key` must hold 23 characters) and its type, with Deleted when it
        // was deleted; ENOENT when nothing more changed.
        public static int Check(Span<char> key, out int length, out DsFlags flags)
        {
            Message request;
            length = 0;
            flags = 0;
            Prepare(&request, DsRequests.Check, "", 0);
            int result = Call(&request);
            if (result != 0) return result;
            flags = (DsFlags)request.Word4;
            return ReadText(&request.Word1, DsRequests.KeyBytes, key, out length);
        }

        // A request of `type` with the key and flags in place and every other word 0; for the
        // wrappers above, and for programs that pass requests on (the ds suite's peer).
        public static int Prepare(Message* request, int type, ReadOnlySpan<char> key, DsFlags flags)
        {
            *request = default;
            request->Type = type;
            request->Word3 = (long)flags;
            return WriteText(&request->Word0, DsRequests.KeyBytes, key, Errno.ENAMETOOLONG);
        }

        // The text in a NUL-ended field of a reply (a key or a string), as characters.
        public static int ReadText(void* field, int fieldBytes, Span<char> text, out int length)
        {
            byte* bytes = (byte*)field;
            length = 0;
            if (text.Length < fieldBytes - 1) return -(int)Errno.EINVAL;
            for (int i = 0; i < fieldBytes - 1 && bytes[i] != 0; i++) text[length++] = (char)bytes[i];
            return 0;
        }

        private static int WriteText(void* field, int fieldBytes, ReadOnlySpan<char> text, Errno tooLong)
        {
            if (text.Length > fieldBytes - 1) return -(int)tooLong;
            byte* bytes = (byte*)field;
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] >= 0x80) return -(int)Errno.EINVAL;
                bytes[i] = (byte)text[i];
            }
            return 0;
        }

        private static DsFlags WithType(DsFlags flags, DsFlags type) => (flags & ~DsFlags.TypeMask) | type;

        // A reply of another type than the request's own (a DS that went wrong) is EIO, never
        // taken for a result.
        private static int Call(Message* request) => (int)Syscalls.Request(BootEndpoints.Ds, request, request->Type + 1);
    }
}
