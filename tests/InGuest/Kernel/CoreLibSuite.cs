using System;
using Lunix.Kernel.Console;
using Lunix.Tests.Tap;

namespace Lunix.Tests.KernelSuites
{
    // In-guest checks that the core library and ILC give kernel code the C# it is written in:
    // each prints a TAP line (kernel option suite=corelib). The boot tests turn each line into a
    // test case of its own.
    internal static unsafe class CoreLibSuite
    {
        public static void Run()
        {
            var tap = new TapWriter(&SystemConsole.WriteLine);
            tap.Plan(14);
            int failed = 0;
            failed += tap.Check(1, "classes and virtual dispatch", Shapes.VirtualSum() == 2 * 3 + 4 * 4);
            failed += tap.Check(2, "abstract members", new Square(5).Describe() == "square 25");
            failed += tap.Check(3, "interface dispatch with many implementations", Shapes.InterfaceSum() == 6 + 16 + 12 + 3 + 4 + 5 + 7);
            failed += tap.Check(4, "generics over classes and structs", Generics.Check());
            failed += tap.Check(5, "one-dimensional arrays", Arrays.Check());
            failed += tap.Check(6, "string concatenation", string.Concat("lu", "nix", "-", "os") == "lunix-os" && "a" + 1 + "b" == "a1b");
            failed += tap.Check(7, "integer formatting (decimal, hex, padded)", Formatting.Check());
            failed += tap.Check(8, "Span<T> and ReadOnlySpan<T>", Spans.Check());
            failed += tap.Check(9, "static constructor with side effects", StaticInit.Check());
            failed += tap.Check(10, "delegates (static, instance, closures)", Delegates.Check());
            failed += tap.Check(11, "checked arithmetic within range", Checked.WithinRange());
            failed += tap.Check(12, "casts and type tests", Casts.Check());
            failed += tap.Check(13, "structs by value and by reference", Structs.Check());
            failed += tap.Check(14, "interpolated strings", $"{42} {0xAB:X4} {"x"}" == "42 00AB x");
            tap.Summary("corelib", 14, failed);
        }

        private abstract class Shape
        {
            public abstract int Area();
            public virtual string Kind => "shape";
            public string Describe() => string.Concat(Kind, " ", Area().ToString());
        }

        private sealed class Rect : Shape
        {
            private readonly int _w, _h;
            public Rect(int w, int h) { _w = w; _h = h; }
            public override int Area() => _w * _h;
        }

        private class Square : Shape
        {
            private readonly int _side;
            public Square(int side) { _side = side; }
            public override int Area() => _side * _side;
            public override string Kind => "square";
        }

        private interface IMeasure { int Measure(); }
        private sealed class M1 : IMeasure { public int Measure() => 6; }
        private sealed class M2 : IMeasure { public int Measure() => 16; }
        private sealed class M3 : IMeasure { public int Measure() => 12; }
        private sealed class M4 : IMeasure { public int Measure() => 3; }
        private sealed class M5 : IMeasure { public int Measure() => 4; }
        // Not sealed: its implementation lands in the sealed-virtual slots, not the vtable.
        private class M6 : IMeasure { public int Measure() => 5; }
        private sealed class M7 : M6, IMeasure { public new int Measure() => 7; }

        private static class Shapes
        {
            public static int VirtualSum()
            {
                Shape[] shapes = { new Rect(2, 3), new Square(4) };
                int sum = 0;
                foreach (Shape s in shapes) sum += s.Area();
                return sum;
            }

            public static int InterfaceSum()
            {
                IMeasure[] all = { new M1(), new M2(), new M3(), new M4(), new M5(), new M6(), new M7() };
                int sum = 0;
                foreach (IMeasure m in all) sum += m.Measure();
                return sum;
            }
        }

        private sealed class Box<T>
        {
            public T Value;
            public Box(T value) { Value = value; }
        }

        private struct Pair<TA, TB>
        {
            public TA A;
            public TB B;
        }

        private static class Generics
        {
            private static T Pick<T>(bool first, T a, T b) => first ? a : b;

            public static bool Check()
            {
                var s = new Box<string>("text");
                var n = new Box<long>(1L << 40);
                var p = new Pair<int, string> { A = 7, B = "seven" };
                return s.Value == "text" && n.Value == 1L << 40 && p.A == 7 && p.B == "seven"
                       && Pick(false, 1, 2) == 2 && Pick(true, "a", "b") == "a";
            }
        }

        private static class Arrays
        {
            public static bool Check()
            {
                int[] squares = new int[10];
                for (int i = 0; i < squares.Length; i++) squares[i] = i * i;
                string[] words = { "a", "b", "c" };
                byte[] copy = new byte[4];
                Array.Copy(new byte[] { 1, 2, 3, 4 }, copy, 4);
                Array.Resize(ref words, 5);
                return squares[9] == 81 && squares.Length == 10 && words.Length == 5 && words[2] == "c" && words[4] == null && copy[3] == 4;
            }
        }

        private static class Formatting
        {
            public static bool Check()
                => 12345.ToString() == "12345" && (-42).ToString() == "-42" && 255.ToString("X") == "FF"
                   && 255.ToString("x4") == "00ff" && 7.ToString("D3") == "007" && ulong.MaxValue.ToString() == "18446744073709551615"
                   && long.MinValue.ToString() == "-9223372036854775808" && (-1).ToString("X8") == "FFFFFFFF";
        }

        private static class Spans
        {
            public static bool Check()
            {
                Span<int> stack = stackalloc int[8];
                for (int i = 0; i < stack.Length; i++) stack[i] = i;
                Span<int> tail = stack.Slice(5);
                int[] array = new int[3];
                tail.CopyTo(array);
                ReadOnlySpan<char> text = "hello world";
                return array[0] == 5 && array[2] == 7 && text.Slice(6).SequenceEqual("world") && text.IndexOf('w') == 6;
            }
        }

        private static class Counter
        {
            public static int Constructions;
        }

        private static class StaticInit
        {
            private sealed class Lazy
            {
                public static readonly int Value;
                static Lazy()
                {
                    Counter.Constructions++;
                    Value = 1234;
                }
            }

            public static bool Check()
            {
                int before = Counter.Constructions;
                int first = Lazy.Value, second = Lazy.Value;
                return first == 1234 && second == 1234 && Counter.Constructions == before + 1;
            }
        }

        private static class Delegates
        {
            private static int Twice(int x) => 2 * x;

            private sealed class Adder
            {
                public int Amount;
                public int Add(int x) => x + Amount;
            }

            public static bool Check()
            {
                Func<int, int> twice = Twice;
                Func<int, int> add = new Adder { Amount = 10 }.Add;
                int captured = 5;
                Func<int, int> closure = x => x * captured;
                Action<int> store = x => captured = x;
                store(3);
                return twice(21) == 42 && add(1) == 11 && closure(2) == 6;
            }
        }

        private static class Checked
        {
            public static bool WithinRange()
            {
                int a = int.MaxValue - 1;
                return checked(a + 1) == int.MaxValue && checked((byte)200) == 200;
            }
        }

        private static class Casts
        {
            public static bool Check()
            {
                object s = new Square(2);
                object text = "str";
                return s is Shape && s is Square && !(s is Rect) && (s as Rect) == null && text is string && ((Shape)s).Area() == 4;
            }
        }

        private struct Vector3
        {
            public long X, Y, Z;
            public readonly long Sum => X + Y + Z;
        }

        private static class Structs
        {
            private static void Scale(ref Vector3 v, long k) { v.X *= k; v.Y *= k; v.Z *= k; }

            public static bool Check()
            {
                var v = new Vector3 { X = 1, Y = 2, Z = 3 };
                Vector3 copy = v;
                Scale(ref v, 10);
                return v.Sum == 60 && copy.Sum == 6;
            }
        }
    }
}
