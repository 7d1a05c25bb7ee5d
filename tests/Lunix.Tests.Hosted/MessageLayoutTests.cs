using System;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Lunix.Abi;
using Lunix.Tests.InGuest;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // The protocol layouts laid over a message's payload (Abi/*.cs, tests/InGuest/Library/*Requests.cs):
    // each fits the payload and holds no references, a layout's fields land in the message's own
    // bytes after Source and Type, and where two layouts meet in one message (a client reading
    // its reply's result, whatever came back; dspeer passing a DS request on) the fields are
    // where the other side looks for them.
    public class MessageLayoutTests
    {
        private static readonly Type[] Layouts = typeof(MessageLayoutTests).Assembly.GetTypes()
            .Where(t => t.IsValueType && typeof(IMessagePayload).IsAssignableFrom(t)).ToArray();

        private static int SizeOf(Type type) =>
            (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(type).Invoke(null, null)!;

        private static bool HoldsReferences(Type type) =>
            (bool)typeof(RuntimeHelpers).GetMethod(nameof(RuntimeHelpers.IsReferenceOrContainsReferences))!.MakeGenericMethod(type).Invoke(null, null)!;

        private static int Offset<TLayout, TField>(ref TLayout layout, ref TField field) =>
            (int)Unsafe.ByteOffset(ref Unsafe.As<TLayout, byte>(ref layout), ref Unsafe.As<TField, byte>(ref field));

        [Fact]
        public void EveryProtocolHasItsLayoutsHere()
        {
            foreach (Type known in new[] { typeof(RsRequest), typeof(SefInit), typeof(DsRequest), typeof(VmPageFault), typeof(CharDriverReadWrite),
                                           typeof(Notification), typeof(CopierRequest), typeof(RoundReport), typeof(ChildReport) })
                Assert.Contains(known, Layouts);
        }

        [Fact]
        public void EveryLayoutFitsThePayloadWithoutReferences()
        {
            Assert.Equal(64, Unsafe.SizeOf<Message>());
            Assert.Equal(Message.Size - 8, Message.PayloadSize);
            foreach (Type layout in Layouts)
            {
                Assert.True(SizeOf(layout) <= Message.PayloadSize, $"{layout.Name} is {SizeOf(layout)} bytes, the payload {Message.PayloadSize}");
                Assert.False(HoldsReferences(layout), $"{layout.Name} holds a reference");
            }
        }

        [Fact]
        public void APayloadIsTheMessagesBytesAfterSourceAndType()
        {
            Message message = default;
            message.Source = 0x11111111;
            message.Type = 0x22222222;
            ref VmPageFault fault = ref message.Payload<VmPageFault>();
            fault.Address = 0x0102030405060708;
            fault.Space = ulong.MaxValue;
            Span<byte> bytes = MemoryMarshal.AsBytes(MemoryMarshal.CreateSpan(ref message, 1));
            Assert.Equal(0x0102030405060708UL, BitConverter.ToUInt64(bytes.Slice(8)));
            Assert.Equal(ulong.MaxValue, BitConverter.ToUInt64(bytes.Slice(24)));
            Assert.Equal(0x11111111, message.Source);
            Assert.Equal(0x22222222, message.Type);
            Assert.True(Unsafe.AreSame(ref bytes[8], ref message.PayloadBytes[0]));
            Assert.Equal(Message.PayloadSize, message.PayloadBytes.Length);
        }

        [Fact]
        public void ACopiedMessageCarriesItsWholePayload()
        {
            Message message = default;
            message.PayloadBytes.Fill(0xA5);
            Message copy = message;
            Assert.True(copy.PayloadBytes.SequenceEqual(message.PayloadBytes));
        }

        // A service with an injected GarbageReply fault answers with a GarbageReply whatever the
        // client asked: its result must fall on the client's own, for a client that forgot to
        // check the type to be caught taking garbage for an answer.
        [Fact]
        public void EveryReplyHasItsResultFirstWhereAGarbageReplyPutsOne()
        {
            GarbageReply garbage = default;
            Assert.Equal(0, Offset(ref garbage, ref garbage.Result));
            RsReply rs = default;
            Assert.Equal(0, Offset(ref rs, ref rs.Result));
            DsReply ds = default;
            Assert.Equal(0, Offset(ref ds, ref ds.Result));
            VmReply vm = default;
            Assert.Equal(0, Offset(ref vm, ref vm.Result));
            CharDriverReply driver = default;
            Assert.Equal(0, Offset(ref driver, ref driver.Result));
            CopierReply copier = default;
            Assert.Equal(0, Offset(ref copier, ref copier.Result));
        }

        // dspeer sends DS the request it was handed whole, so the forward's own field must lie
        // past every byte of it; its error, when DS cannot be reached, is read as DS's result.
        [Fact]
        public void AForwardedDsRequestKeepsEveryByte()
        {
            DsPeerForward forward = default;
            Assert.Equal(0, Offset(ref forward, ref forward.Request));
            Assert.True(Offset(ref forward, ref forward.RequestType) >= Unsafe.SizeOf<DsRequest>());
        }

        // The fields DS reads by type overlap only where no request needs both.
        [Fact]
        public void DsFieldsHoldTheirWholeTexts()
        {
            DsRequest request = default;
            Assert.Equal(DsRequests.KeyBytes, ((Span<byte>)request.Key).Length);
            Assert.Equal(DsRequests.StringBytes, ((Span<byte>)request.Text).Length);
            Assert.True(Offset(ref request, ref request.Flags) >= DsRequests.KeyBytes);
            Assert.True(Offset(ref request, ref request.Number) >= Offset(ref request, ref request.Flags) + Unsafe.SizeOf<DsFlags>());
            Assert.Equal(Offset(ref request, ref request.Grant) + sizeof(int), Offset(ref request, ref request.Length));
            DsReply reply = default;
            Assert.True(Offset(ref reply, ref reply.Flags) >= Offset(ref reply, ref reply.Key) + DsRequests.KeyBytes);
            Assert.True(Offset(ref reply, ref reply.Number) >= sizeof(long));
        }

        [Fact]
        public void ServiceLabelsTravelWhole()
        {
            Message message = default;
            message.Payload<RsRequest>().Label = ServiceLabel.From("abcdefghijklmnop");
            Message received = message;
            Span<char> text = stackalloc char[ServiceLabel.Max];
            int length = received.Payload<RsRequest>().Label.CopyTo(text);
            Assert.Equal("abcdefghijklmnop", text.Slice(0, length).ToString());
        }
    }
}
