namespace Lunix.Servers.Vfs
{
    // A table too large for the program's heap, in memory mapped once (VM's demand-zero region
    // in VFS, the host's memory in the hosted tests): rows by reference, bounds checked.
    public readonly unsafe struct MappedTable<T> where T : unmanaged
    {
        private readonly T* _rows;
        public readonly int Length;

        public MappedTable(ulong address, int length)
        {
            _rows = (T*)address;
            Length = length;
        }

        public static ulong BytesFor(int length) => (ulong)length * (ulong)sizeof(T);

        // Rows [start, start + length) as a span.
        public System.Span<T> Slice(int start, int length)
        {
            if ((uint)start > (uint)Length || (uint)length > (uint)(Length - start)) throw new System.IndexOutOfRangeException();
            return new System.Span<T>(_rows + start, length);
        }

        public ref T this[int index]
        {
            get
            {
                if ((uint)index >= (uint)Length) throw new System.IndexOutOfRangeException();
                return ref _rows[index];
            }
        }
    }
}
