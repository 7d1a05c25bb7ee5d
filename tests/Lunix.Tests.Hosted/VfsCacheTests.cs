using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.Servers.Vfs;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // VFS's caches of names, inodes and paths (Servers/Vfs/NameCache.cs, InodeCache.cs,
    // PathCache.cs) as the walk uses them: a name leads to its inode's entry, entries of one set
    // replace each other in turn without losing correctness, forgetting a name or an inode drops
    // every path cached before, a path is per start directory and per user, and a new name or a
    // write drops no path.
    [Collection("VfsCaches")]
    public sealed class VfsCacheTests
    {
        private const int Server = 68, Other = 69;

        public VfsCacheTests()
        {
            NameCache.Reset();
            InodeCache.Reset();
        }

        private static int Remember(ulong inode, uint mode = FileModes.Regular | 0644, int server = Server) =>
            InodeCache.Remember(server, new FsReply { Inode = inode, Mode = mode, Size = 7 }, held: false);

        private static int Find(ulong directory, string name, int server = Server) =>
            NameCache.Find(server, directory, Bytes(name), Hash(name));

        private static byte[] Bytes(string text) => System.Text.Encoding.ASCII.GetBytes(text);

        private static uint Hash(string name)
        {
            uint hash = NameCache.HashStart;
            foreach (byte b in Bytes(name)) hash = NameCache.HashStep(hash, b);
            return hash;
        }

        [Fact]
        public void A_name_leads_to_its_inode_entry_per_server_and_directory_until_forgotten()
        {
            int file = Remember(10);
            NameCache.Add(Server, 1, Bytes("file"), 10, file);
            Assert.Equal(file, Find(1, "file"));
            Assert.Equal(-1, Find(2, "file"));
            Assert.Equal(-1, Find(1, "file", Other));
            Assert.Equal(-1, Find(1, "fil"));
            NameCache.Forget(Server, 1, Bytes("file"));
            Assert.Equal(-1, Find(1, "file"));
        }

        [Fact]
        public void A_name_whose_inode_entry_went_is_not_found_and_a_moved_entry_is_found_again()
        {
            int file = Remember(10);
            NameCache.Add(Server, 1, Bytes("file"), 10, file);
            InodeCache.Forget(Server, 10);
            Assert.Equal(-1, Find(1, "file"));
            int again = Remember(10);
            Assert.Equal(again, Find(1, "file"));
        }

        [Fact]
        public void Full_sets_replace_entries_in_turn_and_every_answer_stays_right()
        {
            // 1,024 inodes in 256 sets of four: numbers 256 apart share a set, so remembering a
            // fifth pushes the first out; what is still there must still be right.
            for (ulong i = 0; i < 5; i++) Remember(3 + 256 * i);
            Assert.Equal(-1, InodeCache.Find(Server, 3));
            for (ulong i = 1; i < 5; i++)
                Assert.Equal(3 + 256 * i, InodeCache.At(InodeCache.Find(Server, 3 + 256 * i)).Inode);
            for (int n = 0; n < 3000; n++)
            {
                ulong child = 100 + (ulong)n;
                NameCache.Add(Server, 1, Bytes("name" + n), child, Remember(child));
            }
            for (int n = 0; n < 3000; n++)
            {
                int found = Find(1, "name" + n);
                if (found >= 0) Assert.Equal(100 + (ulong)n, InodeCache.At(found).Inode);
            }
            Assert.True(Find(1, "name2999") >= 0);
        }

        [Fact]
        public void Forgetting_a_directory_drops_the_names_in_it_and_of_it()
        {
            int directory = Remember(20, FileModes.Directory | 0755);
            NameCache.Add(Server, 1, Bytes("dir"), 20, directory);
            NameCache.Add(Server, 20, Bytes("inside"), 21, Remember(21));
            NameCache.ForgetInode(Server, 20);
            Assert.Equal(-1, Find(1, "dir"));
            Assert.Equal(-1, Find(20, "inside"));
        }

        [Fact]
        public void Contents_changes_keep_type_and_hold_but_not_size_or_stat()
        {
            int entry = InodeCache.Remember(Server, new FsReply { Inode = 30, Mode = FileModes.Regular | 0600, Size = 5 }, held: true);
            InodeCache.RememberStat(Server, 30, new LinuxStat { Inode = 30, Mode = FileModes.Regular | 0600, FileSize = 5 });
            InodeCache.ContentsChanged(Server, 30);
            ref CachedInode inode = ref InodeCache.At(entry);
            Assert.True(inode.Held);
            Assert.Equal(FileModes.Regular | 0600, inode.Mode);
            Assert.False(inode.SizeKnown);
            Assert.False(inode.HasStat);
        }

        [Fact]
        public void A_path_is_kept_per_start_and_user_and_dropped_when_a_name_or_inode_goes()
        {
            int file = Remember(40);
            byte[] path = Bytes("tmp/file");
            PathCache.Add(Server, 1, 0, 0, path, 40, file);
            Assert.Equal(file, PathCache.Find(Server, 1, 0, 0, path));
            Assert.Equal(-1, PathCache.Find(Server, 2, 0, 0, path));
            Assert.Equal(-1, PathCache.Find(Server, 1, 1000, 1000, path));
            Assert.Equal(-1, PathCache.Find(Server, 1, 0, 0, Bytes("tmp/fil")));
            // A new name and a write change no path.
            NameCache.Add(Server, 1, Bytes("new"), 41, Remember(41));
            InodeCache.ContentsChanged(Server, 40);
            Assert.Equal(file, PathCache.Find(Server, 1, 0, 0, path));
            // A name forgotten (even one the cache no longer had), or an inode: every path goes.
            NameCache.Forget(Server, 7, Bytes("elsewhere"));
            Assert.Equal(-1, PathCache.Find(Server, 1, 0, 0, path));
            PathCache.Add(Server, 1, 0, 0, path, 40, file);
            InodeCache.Forget(Server, 99);
            Assert.Equal(-1, PathCache.Find(Server, 1, 0, 0, path));
        }

        [Fact]
        public void A_path_past_its_inline_length_is_not_kept()
        {
            byte[] path = Bytes(new string('a', PathCache.InlinePath + 1));
            PathCache.Add(Server, 1, 0, 0, path, 50, Remember(50));
            Assert.Equal(-1, PathCache.Find(Server, 1, 0, 0, path));
        }
    }
}
