using System;
using Lunix.Abi;

namespace Lunix.SystemLibrary
{
    // The data store's client side (MINIX's ds_publish_* / ds_retrieve_* / ds_subscribe /
    // ds_check): each call builds one DsRequest (Abi/DsRequests.cs) and makes one SENDREC to DS.
    // Results are 0 or a negated Errno: the SENDREC's own, or DS's answer. Keys are at most 23
    // ASCII characters (ENAMETOOLONG beyond); `flags` takes Overwrite (Publish*) or Initial
    // (Subscribe), the type bits are the call's own. A reply that is not DS's answer to the
    // request is EIO.
    public static class DataStore
    {
        public static int PublishU32(ReadOnlySpan<char> key, uint value, DsFlags flags = 0)
        {
            int bad = Prepare(out Message message, DsRequests.Publish, key, WithType(flags, DsFlags.U32));
            if (bad != 0) return bad;
            message.Payload<DsRequest>().Number = value;
            return Call(ref message);
        }

        public static int RetrieveU32(ReadOnlySpan<char> key, out uint value)
        {
            value = 0;
            int result = Prepare(out Message message, DsRequests.Retrieve, key, DsFlags.U32);
            if (result == 0) result = Call(ref message);
            if (result == 0) value = message.Payload<DsReply>().Number;
            return result;
        }

        // Up to 15 ASCII characters (EINVAL beyond): they travel in the message.
        public static int PublishString(ReadOnlySpan<char> key, string value, DsFlags flags = 0)
        {
            int bad = Prepare(out Message message, DsRequests.Publish, key, WithType(flags, DsFlags.String));
            if (bad == 0) bad = WriteText(message.Payload<DsRequest>().Text, value, Errno.EINVAL);
            return bad != 0 ? bad : Call(ref message);
        }

        // `value` must hold 15 characters; `length` says how many the string has.
        public static int RetrieveString(ReadOnlySpan<char> key, Span<char> value, out int length)
        {
            length = 0;
            int result = Prepare(out Message message, DsRequests.Retrieve, key, DsFlags.String);
            if (result == 0) result = Call(ref message);
            return result != 0 ? result : ReadText(message.Payload<DsReply>().Text, value, out length);
        }

        // Up to MemoryMax bytes, which DS copies in through a grant made for this call alone.
        public static int PublishMemory(ReadOnlySpan<char> key, ReadOnlySpan<byte> value, DsFlags flags = 0)
        {
            int bad = Prepare(out Message message, DsRequests.Publish, key, WithType(flags, DsFlags.Memory));
            if (bad != 0) return bad;
            if (value.Length > DsRequests.MemoryMax) return -(int)Errno.EINVAL;
            int grant = GrantTable.GrantReadable(BootEndpoints.Ds, value);
            if (grant < 0) return grant;
            ref DsRequest request = ref message.Payload<DsRequest>();
            request.Grant = grant;
            request.Length = (uint)value.Length;
            int result = Call(ref message);
            GrantTable.Revoke(grant);
            return result;
        }

        // DS copies up to buffer.Length bytes into `buffer` through a grant made for this call
        // alone; `length` says how many it copied.
        public static int RetrieveMemory(ReadOnlySpan<char> key, Span<byte> buffer, out int length)
        {
            length = 0;
            int result = Prepare(out Message message, DsRequests.Retrieve, key, DsFlags.Memory);
            if (result != 0) return result;
            int grant = GrantTable.GrantWritable(BootEndpoints.Ds, buffer);
            if (grant < 0) return grant;
            ref DsRequest request = ref message.Payload<DsRequest>();
            request.Grant = grant;
            request.Length = (uint)buffer.Length;
            result = Call(ref message);
            GrantTable.Revoke(grant);
            if (result == 0) length = message.Payload<DsReply>().Copied;
            return result;
        }

        // A label may name only the caller itself (RS names the services it starts).
        public static int PublishLabel(ReadOnlySpan<char> label, int endpoint, DsFlags flags = 0)
        {
            int bad = Prepare(out Message message, DsRequests.Publish, label, WithType(flags, DsFlags.Label));
            if (bad != 0) return bad;
            message.Payload<DsRequest>().Endpoint = endpoint;
            return Call(ref message);
        }

        public static int RetrieveLabel(ReadOnlySpan<char> label, out int endpoint)
        {
            endpoint = Endpoint.None;
            int result = Prepare(out Message message, DsRequests.Retrieve, label, DsFlags.Label);
            if (result == 0) result = Call(ref message);
            if (result == 0) endpoint = message.Payload<DsReply>().Endpoint;
            return result;
        }

        // The reverse lookup: the label naming `endpoint`. `label` must hold 23 characters.
        public static int RetrieveLabelOf(int endpoint, Span<char> label, out int length)
        {
            length = 0;
            Prepare(out Message message, DsRequests.RetrieveLabelOf, "", 0);
            message.Payload<DsRequest>().Endpoint = endpoint;
            int result = Call(ref message);
            return result != 0 ? result : ReadText(message.Payload<DsReply>().Key, label, out length);
        }

        public static int Delete(ReadOnlySpan<char> key)
        {
            int bad = Prepare(out Message message, DsRequests.Delete, key, 0);
            return bad != 0 ? bad : Call(ref message);
        }

        // Every key starting with `prefix` (empty: every key); DS NOTIFYs the caller of changes.
        public static int Subscribe(ReadOnlySpan<char> prefix, DsFlags flags = 0)
        {
            int bad = Prepare(out Message message, DsRequests.Subscribe, prefix, flags);
            return bad != 0 ? bad : Call(ref message);
        }

        // The next changed key (`key` must hold 23 characters) and its type, with Deleted when it
        // was deleted; ENOENT when nothing more changed.
        public static int Check(Span<char> key, out int length, out DsFlags flags)
        {
            length = 0;
            flags = 0;
            Prepare(out Message message, DsRequests.Check, "", 0);
            int result = Call(ref message);
            if (result != 0) return result;
            ref DsReply reply = ref message.Payload<DsReply>();
            flags = reply.Flags;
            return ReadText(reply.Key, key, out length);
        }

        // A request of `type` with the key and flags in place and everything else 0; for the
        // calls above, and for programs that pass requests on (the ds suite's peer).
        public static int Prepare(out Message message, int type, ReadOnlySpan<char> key, DsFlags flags)
        {
            message = default;
            message.Type = type;
            ref DsRequest request = ref message.Payload<DsRequest>();
            request.Flags = flags;
            return WriteText(request.Key, key, Errno.ENAMETOOLONG);
        }

        // The text in a NUL-ended field of a reply (a key or a string), as characters.
        public static int ReadText(ReadOnlySpan<byte> field, Span<char> text, out int length)
        {
            length = 0;
            if (text.Length < field.Length - 1) return -(int)Errno.EINVAL;
            for (int i = 0; i < field.Length - 1 && field[i] != 0; i++) text[length++] = (char)field[i];
            return 0;
        }

        private static int WriteText(Span<byte> field, ReadOnlySpan<char> text, Errno tooLong)
        {
            if (text.Length > field.Length - 1) return -(int)tooLong;
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] >= 0x80) return -(int)Errno.EINVAL;
                field[i] = (byte)text[i];
            }
            return 0;
        }

        private static DsFlags WithType(DsFlags flags, DsFlags type) => (flags & ~DsFlags.TypeMask) | type;

        // A reply of another type than the request's own (a DS that went wrong) is EIO, never
        // taken for a result.
        private static int Call(ref Message message)
        {
            int failed = Syscalls.Request(BootEndpoints.Ds, ref message, message.Type + 1);
            return failed != 0 ? failed : (int)message.Payload<DsReply>().Result;
        }
    }
}
