using System;
using Lunix.Abi;
using Lunix.Servers.Rs;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // What RS hands its new version when it updates itself, and when it may (Servers/Rs/RsState.cs).
    public unsafe class RsStateTests
    {
        private static ServiceRecord Service(string label, int endpoint, ServiceState state, int restarts = 0, int requester = Endpoint.None) =>
            new() { Label = ServiceLabel.From(label), Endpoint = endpoint, State = state, Restarts = restarts, Requester = requester,
                    PingTicks = 25, NextPing = 1234, Crashes = restarts, LastRestart = 999, Flags = ServiceFlags.KeepEndpoint };

        private static readonly ServiceRecord[] Table =
        [
            Service("ds", 13, ServiceState.Up),
            Service("hello", 16, ServiceState.Up, restarts: 3),
            Service("vm", 21, ServiceState.Down),
        ];

        private static readonly CommandLineRequest[] Queue =
        [
            new() { Type = RsRequests.Update, Label = ServiceLabel.From("rs") },
            new() { Type = RsRequests.FaultInject, Label = ServiceLabel.From("hello"), Fault = FaultKind.EndlessLoop },
        ];

        private static byte[] Image() => new byte[RsState.Size(16, 8)];

        [Fact]
        public void The_table_the_queue_its_position_and_the_requester_come_through_unchanged()
        {
            byte[] image = Image();
            int length = RsState.Write(image, Table, Queue, nextRequest: 1, requester: 12);
            Assert.Equal(RsState.Size(Table.Length, Queue.Length), length);

            Assert.Equal(0, RsState.Read(image, 16, 8, out RsStateHeader header, out ReadOnlySpan<ServiceRecord> services, out ReadOnlySpan<CommandLineRequest> requests));
            Assert.Equal(1, header.NextRequest);
            Assert.Equal(12, header.Requester);
            Assert.Equal(0, header.RequesterIsPosix);
            Assert.Equal(Table, services.ToArray());
            Assert.Equal(Queue, requests.ToArray());
        }

        [Fact]
        public void A_posix_requester_is_remembered_as_one()
        {
            byte[] image = Image();
            RsState.Write(image, Table, Queue, 0, requester: 300, requesterIsPosix: true);
            Assert.Equal(0, RsState.Read(image, 16, 8, out RsStateHeader header, out _, out _));
            Assert.Equal((300, 1), (header.Requester, header.RequesterIsPosix));
        }

        [Fact]
        public void An_empty_queue_and_table_come_through_too()
        {
            byte[] image = Image();
            RsState.Write(image, [], [], 0, Endpoint.None);
            Assert.Equal(0, RsState.Read(image, 16, 8, out RsStateHeader header, out ReadOnlySpan<ServiceRecord> services, out ReadOnlySpan<CommandLineRequest> requests));
            Assert.Equal(0, services.Length);
            Assert.Equal(0, requests.Length);
            Assert.Equal(Endpoint.None, header.Requester);
        }

        [Fact]
        public void An_image_too_small_is_refused_when_writing()
        {
            var image = new byte[RsState.Size(Table.Length, Queue.Length) - 1];
            Assert.Equal(-(int)Errno.ENOSPC, RsState.Write(image, Table, Queue, 0, 12));
        }

        [Fact]
        public void Anything_but_an_image_RS_wrote_is_refused()
        {
            Assert.Equal(-(int)Errno.EINVAL, RsState.Read(Image(), 16, 8, out _, out _, out _));        // all zero: no magic
            Assert.Equal(-(int)Errno.EINVAL, RsState.Read(new byte[8], 16, 8, out _, out _, out _));    // shorter than a header
        }

        [Fact]
        public void Counts_beyond_the_new_versions_capacity_or_the_image_are_refused()
        {
            byte[] image = Image();
            RsState.Write(image, Table, Queue, 1, 12);
            Assert.Equal(-(int)Errno.EINVAL, RsState.Read(image, Table.Length - 1, 8, out _, out _, out _));
            Assert.Equal(-(int)Errno.EINVAL, RsState.Read(image, 16, Queue.Length - 1, out _, out _, out _));
            Assert.Equal(-(int)Errno.EINVAL, RsState.Read(image.AsSpan(0, RsState.Size(Table.Length, Queue.Length) - 1), 16, 8, out _, out _, out _));
        }

        [Fact]
        public void A_queue_position_past_its_end_is_refused()
        {
            byte[] image = Image();
            RsState.Write(image, Table, Queue, nextRequest: Queue.Length + 1, requester: 12);
            Assert.Equal(-(int)Errno.EINVAL, RsState.Read(image, 16, 8, out _, out _, out _));
        }

        [Fact]
        public void RS_may_update_itself_when_every_service_is_up_or_down_and_every_message_delivered()
        {
            Assert.True(RsState.IsSafe(Table, allDelivered: true));
            Assert.True(RsState.IsSafe([], allDelivered: true));
        }

        [Fact]
        public void A_message_not_yet_delivered_makes_it_wait()
        {
            Assert.False(RsState.IsSafe(Table, allDelivered: false));
        }

        [Theory]
        [InlineData(ServiceState.Starting)]
        [InlineData(ServiceState.Waiting)]
        [InlineData(ServiceState.Preparing)]
        public void A_service_starting_waiting_for_its_restart_or_updating_makes_it_wait(ServiceState state)
        {
            ServiceRecord[] table = [Table[0], Service("hello", 16, state)];
            Assert.False(RsState.IsSafe(table, allDelivered: true));
        }

        [Fact]
        public void A_client_waiting_for_a_services_restart_or_update_makes_it_wait()
        {
            ServiceRecord[] table = [Table[0], Service("hello", 16, ServiceState.Up, requester: 40)];
            Assert.False(RsState.IsSafe(table, allDelivered: true));
        }
    }
}
