using System;
using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Vm
{
    // VFS's MapRead for the file mappings: VM's buffer granted to VFS for writing, the request
    // sent by SENDA (VM never waits for VFS), VFS's answer a message of its own, by SENDA too.
    internal sealed class VfsFileReader : IFileReader
    {
        public int Grant(byte[] buffer, int length) => GrantTable.GrantWritable(BootEndpoints.Vfs, new Span<byte>(buffer, 0, length));

        public void Revoke(int grant) => GrantTable.Revoke(grant);

        public int Send(in VfsMapRead request)
        {
            Message message = default;
            message.Type = VfsRequests.MapRead;
            message.Payload<VfsMapRead>() = request;
            return AsyncSend.Send(BootEndpoints.Vfs, in message);
        }

        public int Send(in VfsMapDevice request)
        {
            Message message = default;
            message.Type = VfsRequests.MapDevice;
            message.Payload<VfsMapDevice>() = request;
            return AsyncSend.Send(BootEndpoints.Vfs, in message);
        }
    }
}
