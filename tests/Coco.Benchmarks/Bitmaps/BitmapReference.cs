using System.Runtime.InteropServices;

namespace Coco.Benchmarks.Bitmaps
{
    /// <summary>The C reference (bitmap_reference.c), built with gcc -O2 into libcocobitmap.so
    /// and with gcc -O2 -march=native into libcocobitmap-native.so by Coco.Benchmarks.csproj.
    /// Each call runs one whole measured loop in C.</summary>
    internal static unsafe class BitmapReference
    {
        public const string Baseline = "cocobitmap";
        public const string Native = "cocobitmap-native";

        /// <summary>The functions of one build.</summary>
        public sealed class Library
        {
            public Library(string name)
            {
                nint handle = NativeLibrary.Load(Path.Combine(AppContext.BaseDirectory, "lib" + name + ".so"));
                Test = (delegate* unmanaged<ulong*, ulong, ulong*, ulong, ulong>)NativeLibrary.GetExport(handle, "c_test");
                Set = (delegate* unmanaged<ulong*, ulong, ulong*, ulong, ulong>)NativeLibrary.GetExport(handle, "c_set");
                Clear = (delegate* unmanaged<ulong*, ulong, ulong*, ulong, ulong>)NativeLibrary.GetExport(handle, "c_clear");
                SetRange = (delegate* unmanaged<ulong*, ulong, ulong*, ulong, ulong>)NativeLibrary.GetExport(handle, "c_set_range");
                ClearRange = (delegate* unmanaged<ulong*, ulong, ulong*, ulong, ulong>)NativeLibrary.GetExport(handle, "c_clear_range");
                ScanSet = (delegate* unmanaged<ulong*, ulong, ulong>)NativeLibrary.GetExport(handle, "c_scan_set");
                ScanClear = (delegate* unmanaged<ulong*, ulong, ulong>)NativeLibrary.GetExport(handle, "c_scan_clear");
                FindBounded = (delegate* unmanaged<ulong*, ulong, ulong*, ulong, ulong>)NativeLibrary.GetExport(handle, "c_find_bounded");
                Runs = (delegate* unmanaged<ulong*, ulong, ulong>)NativeLibrary.GetExport(handle, "c_runs");
                Count = (delegate* unmanaged<ulong*, ulong, ulong>)NativeLibrary.GetExport(handle, "c_count");
                CountRange = (delegate* unmanaged<ulong*, ulong, ulong*, ulong, ulong>)NativeLibrary.GetExport(handle, "c_count_range");
                AnyRange = (delegate* unmanaged<ulong*, ulong, ulong*, ulong, ulong>)NativeLibrary.GetExport(handle, "c_any_range");
            }

            public delegate* unmanaged<ulong*, ulong, ulong*, ulong, ulong> Test { get; }
            public delegate* unmanaged<ulong*, ulong, ulong*, ulong, ulong> Set { get; }
            public delegate* unmanaged<ulong*, ulong, ulong*, ulong, ulong> Clear { get; }
            public delegate* unmanaged<ulong*, ulong, ulong*, ulong, ulong> SetRange { get; }
            public delegate* unmanaged<ulong*, ulong, ulong*, ulong, ulong> ClearRange { get; }
            public delegate* unmanaged<ulong*, ulong, ulong> ScanSet { get; }
            public delegate* unmanaged<ulong*, ulong, ulong> ScanClear { get; }
            public delegate* unmanaged<ulong*, ulong, ulong*, ulong, ulong> FindBounded { get; }
            public delegate* unmanaged<ulong*, ulong, ulong> Runs { get; }
            public delegate* unmanaged<ulong*, ulong, ulong> Count { get; }
            public delegate* unmanaged<ulong*, ulong, ulong*, ulong, ulong> CountRange { get; }
            public delegate* unmanaged<ulong*, ulong, ulong*, ulong, ulong> AnyRange { get; }
        }
    }
}
