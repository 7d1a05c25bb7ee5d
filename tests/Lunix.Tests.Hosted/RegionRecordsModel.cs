using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using Lunix.Abi;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // The kernel's side of VMREGIONS, as DoVmRegions and VmCheckpoints keep it: per slot, its
    // occupant's endpoint and address space, and a record valid for the space it was saved for
    // (spaces are numbered and never reused); Load gives the record's used part. StartProgram
    // writes what EXEC writes for a new program (VmCheckpoints.StartProgram).
    internal sealed class RegionRecordsModel : Lunix.Servers.Vm.IRegionRecords
    {
        private readonly Dictionary<int, (int Endpoint, ulong Space)> occupants = new();
        private readonly Dictionary<int, (ulong Space, byte[] Bytes)> saved = new();
        private ulong lastSpace;

        public int Loads { get; private set; }
        public int Saves { get; private set; }

        // 0 for an endpoint that is not its slot's occupant (a dead process).
        public ulong SpaceOf(int endpoint)
        {
            int slot = Endpoint.SlotOf(endpoint);
            if (!occupants.TryGetValue(slot, out var occupant)) occupants[slot] = occupant = (endpoint, ++lastSpace);
            return occupant.Endpoint == endpoint ? occupant.Space : 0;
        }

        // A new process in the endpoint's slot (or the same endpoint restarted, or exec'ed): a new space.
        public void Occupy(int endpoint) => occupants[Endpoint.SlotOf(endpoint)] = (endpoint, ++lastSpace);
        public void Kill(int endpoint) => occupants[Endpoint.SlotOf(endpoint)] = (Endpoint.None, 0);

        // UPDATE: the programs (their spaces and records) trade slots; the endpoints stay.
        public void Swap(int a, int b)
        {
            (ulong spaceA, ulong spaceB) = (SpaceOf(a), SpaceOf(b));
            occupants[Endpoint.SlotOf(a)] = (a, spaceB);
            occupants[Endpoint.SlotOf(b)] = (b, spaceA);
            saved.TryGetValue(Endpoint.SlotOf(a), out var recordA);
            saved.TryGetValue(Endpoint.SlotOf(b), out var recordB);
            saved[Endpoint.SlotOf(a)] = recordB;
            saved[Endpoint.SlotOf(b)] = recordA;
        }

        // EXEC: a new space for `endpoint`, with the program's segments (sorted), the stack's
        // reserve and the break after the highest segment.
        public void StartProgram(int endpoint, params VmRegion[] segments)
        {
            Occupy(endpoint);
            var regions = new List<VmRegion>(segments);
            ulong end = 0;
            foreach (VmRegion segment in segments) end = Math.Max(end, segment.End);
            regions.Add(new VmRegion
            {
                Start = ExecLayout.StackTop - ExecLayout.StackReserve, Length = ExecLayout.StackReserve,
                Protection = VmProtection.Writable, Giver = Endpoint.None,
            });
            var header = new VmRecordHeader { HeapStart = end, Break = end, Count = regions.Count };
            var bytes = new byte[VmRecordHeader.Size + regions.Count * VmRegion.Size];
            MemoryMarshal.Write(bytes, in header);
            MemoryMarshal.AsBytes(regions.ToArray().AsSpan()).CopyTo(bytes.AsSpan(VmRecordHeader.Size));
            saved[Endpoint.SlotOf(endpoint)] = (SpaceOf(endpoint), bytes);
        }

        // The kernel's record of the process's current space, as VM last saved it.
        public (VmRecordHeader Header, VmRegion[] Regions) Saved(int endpoint)
        {
            var buffer = new byte[VmRequests.RegionRecordBytes];
            Load(endpoint, buffer);
            Loads--;
            VmRecordHeader header = MemoryMarshal.Read<VmRecordHeader>(buffer);
            return (header, MemoryMarshal.Cast<byte, VmRegion>(buffer.AsSpan(VmRecordHeader.Size, header.Count * VmRegion.Size)).ToArray());
        }

        public long Load(int endpoint, Span<byte> record)
        {
            Loads++;
            ulong space = SpaceOf(endpoint);
            if (space == 0) return -(int)Errno.EDEADSRCDST;
            record.Slice(0, VmRecordHeader.Size).Clear();
            if (saved.TryGetValue(Endpoint.SlotOf(endpoint), out var kept) && kept.Space == space) kept.Bytes.CopyTo(record);
            return (long)space;
        }

        public long Save(int endpoint, ReadOnlySpan<byte> record)
        {
            Saves++;
            ulong space = SpaceOf(endpoint);
            if (space == 0) return -(int)Errno.EDEADSRCDST;
            Assert.Equal(VmRecordHeader.Size + MemoryMarshal.Read<VmRecordHeader>(record).Count * VmRegion.Size, record.Length);
            saved[Endpoint.SlotOf(endpoint)] = (space, record.ToArray());
            return (long)space;
        }
    }
}
