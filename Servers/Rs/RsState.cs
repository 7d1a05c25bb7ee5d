using System;
using System.Runtime.InteropServices;
using Lunix.Abi;

namespace Lunix.Servers.Rs
{
    // The start of the state image (RsState).
    internal struct RsStateHeader
    {
        public ulong Magic;             // 8 bytes: the records after the header stay 8-byte aligned
        public int Services;            // records that follow the header
        public int Requests;            // rs.do requests that follow the records
        public int NextRequest;         // the rs.do request being carried out (or the next to start)
        public int Requester;           // who asked for RS's update: a client, or RS itself (rs.do)
        public int RequesterIsPosix;    // 1: a POSIX process (the `service` command), answered with a PosixReply
    }

    // What the old RS hands its new version when RS updates itself (SelfUpdate), through a grant
    // the new version copies from in its initialisation: the service table, the rs.do queue with
    // its position, and who asked for the update, as one flat image. The counts are checked on
    // the way in, so a bad image fails the new version's initialisation (a rollback) instead of
    // corrupting the new RS.
    internal static unsafe class RsState
    {
        public const ulong Magic = 0x4554415453535221;     // "!RSSTATE"

        public static int Size(int serviceCapacity, int requestCapacity) =>
            sizeof(RsStateHeader) + serviceCapacity * sizeof(ServiceRecord) + requestCapacity * sizeof(CommandLineRequest);

        // Whether RS may update itself now: every service settled (up or down), nobody waiting for
        // a service's Restart or Update, and every message RS sent delivered (its SENDA table stays
        // with the old version). Otherwise the new version would inherit work half done.
        public static bool IsSafe(ReadOnlySpan<ServiceRecord> services, bool allDelivered)
        {
            if (!allDelivered) return false;
            foreach (ref readonly ServiceRecord service in services)
                if (service.State is not (ServiceState.Up or ServiceState.Down) || service.Requester != Endpoint.None) return false;
            return true;
        }

        // Returns the bytes written, or ENOSPC when the image is too small.
        public static int Write(Span<byte> image, ReadOnlySpan<ServiceRecord> services, ReadOnlySpan<CommandLineRequest> requests,
                                int nextRequest, int requester, bool requesterIsPosix = false)
        {
            int length = Size(services.Length, requests.Length);
            if (image.Length < length) return -(int)Errno.ENOSPC;
            var header = new RsStateHeader { Magic = Magic, Services = services.Length, Requests = requests.Length, NextRequest = nextRequest, Requester = requester,
                                         RequesterIsPosix = requesterIsPosix ? 1 : 0 };
            MemoryMarshal.Cast<RsStateHeader, byte>(MemoryMarshal.CreateReadOnlySpan(ref header, 1)).CopyTo(image);
            image = image.Slice(sizeof(RsStateHeader));
            MemoryMarshal.Cast<ServiceRecord, byte>(services).CopyTo(image);
            image = image.Slice(services.Length * sizeof(ServiceRecord));
            MemoryMarshal.Cast<CommandLineRequest, byte>(requests).CopyTo(image);
            return length;
        }

        // The parts of an image written by Write, views into it; EINVAL for an image that is not
        // one, or holds more services or requests than the capacities given.
        public static int Read(ReadOnlySpan<byte> image, int serviceCapacity, int requestCapacity, out RsStateHeader header,
                               out ReadOnlySpan<ServiceRecord> services, out ReadOnlySpan<CommandLineRequest> requests)
        {
            header = default;
            services = default;
            requests = default;
            if (image.Length < sizeof(RsStateHeader)) return -(int)Errno.EINVAL;
            header = MemoryMarshal.Read<RsStateHeader>(image);
            if (header.Magic != Magic || header.Services < 0 || header.Services > serviceCapacity || header.Requests < 0
                || header.Requests > requestCapacity || header.NextRequest < 0 || header.NextRequest > header.Requests
                || image.Length < Size(header.Services, header.Requests))
                return -(int)Errno.EINVAL;
            image = image.Slice(sizeof(RsStateHeader));
            services = MemoryMarshal.Cast<byte, ServiceRecord>(image.Slice(0, header.Services * sizeof(ServiceRecord)));
            image = image.Slice(header.Services * sizeof(ServiceRecord));
            requests = MemoryMarshal.Cast<byte, CommandLineRequest>(image.Slice(0, header.Requests * sizeof(CommandLineRequest)));
            return 0;
        }
    }
}
