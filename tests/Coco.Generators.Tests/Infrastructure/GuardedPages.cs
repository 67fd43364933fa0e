using System.Runtime.InteropServices;

namespace Coco.Generators.Tests.Infrastructure;

/// <summary>Read-write pages followed by one inaccessible page (Linux mmap/mprotect), so a
/// test can prove code reads nothing past a given address: a stray read faults.</summary>
internal static unsafe partial class GuardedPages
{
    private const int ProtNone = 0;
    private const int ProtReadWrite = 3;
    private const int MapPrivateAnonymous = 0x02 | 0x20;

    /// <summary>Maps <paramref name="bytes"/> (a page multiple) of zeroed read-write memory
    /// with a guard page right after it.</summary>
    public static byte* Map(int bytes)
    {
        nint mapping = Mmap(0, (nuint)(bytes + Environment.SystemPageSize), ProtNone, MapPrivateAnonymous, -1, 0);
        Assert.NotEqual(-1, mapping);
        Assert.Equal(0, Mprotect(mapping, (nuint)bytes, ProtReadWrite));
        return (byte*)mapping;
    }

    public static void Unmap(byte* mapping, int bytes) =>
        Assert.Equal(0, Munmap((nint)mapping, (nuint)(bytes + Environment.SystemPageSize)));

    [LibraryImport("libc", EntryPoint = "mmap")]
    private static partial nint Mmap(nint address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "mprotect")]
    private static partial int Mprotect(nint address, nuint length, int protection);

    [LibraryImport("libc", EntryPoint = "munmap")]
    private static partial int Munmap(nint address, nuint length);
}
