using System.Buffers.Binary;

namespace Coco.Cli.Boot;

/// <summary>
/// What the runner checks before it starts QEMU: the image is a file, a PE32+ image for x64,
/// with subsystem EFI application. Anything else would reach the UEFI shell and fail there
/// (or hang); here it is refused at once, naming the file and what it is.
/// </summary>
public static class EfiImageCheck
{
    private const ushort MachineAmd64 = 0x8664;
    private const ushort Pe32PlusMagic = 0x20B;
    private const ushort SubsystemEfiApplication = 10;

    /// <summary>Throws <see cref="BootSetupException"/> unless <paramref name="path"/> is an
    /// x64 EFI application.</summary>
    public static void Check(string path)
    {
        if (Directory.Exists(path))
        {
            throw new BootSetupException($"'{path}' is a directory, not an EFI image. Give the .efi file (dotnet build writes bin/<configuration>/net10.0/<name>.efi).");
        }
        if (!File.Exists(path))
        {
            throw new BootSetupException($"EFI image '{path}' does not exist. Build it first (dotnet build).");
        }
        byte[] head = ReadHead(path, 4096);
        string? problem = Describe(head);
        if (problem is not null)
        {
            throw new BootSetupException($"'{path}' {problem}");
        }
    }

    /// <summary>Null for an x64 EFI application, else what the file is, as the end of a sentence
    /// that starts with its name.</summary>
    public static string? Describe(ReadOnlySpan<byte> head)
    {
        if (head.Length == 0)
        {
            return "is empty, not an EFI image.";
        }
        if (head.Length < 0x40 || head[0] != (byte)'M' || head[1] != (byte)'Z')
        {
            return $"is not a PE image: it starts with {Kind(head)}, not the 'MZ' of a DOS header.";
        }
        int peOffset = BinaryPrimitives.ReadInt32LittleEndian(head[0x3C..]);
        if (peOffset < 0x40 || peOffset > head.Length - 24 - 2
            || !head.Slice(peOffset, 4).SequenceEqual("PE\0\0"u8))
        {
            return $"has a DOS header but no PE signature at offset 0x{peOffset:X} (an MS-DOS program, or a damaged image).";
        }
        ushort machine = BinaryPrimitives.ReadUInt16LittleEndian(head[(peOffset + 4)..]);
        int optionalHeader = peOffset + 24;
        ushort magic = BinaryPrimitives.ReadUInt16LittleEndian(head[optionalHeader..]);
        if (machine != MachineAmd64)
        {
            return $"is a PE image for {MachineName(machine)} (machine 0x{machine:X4}), not x64 (0x8664).";
        }
        if (magic != Pe32PlusMagic)
        {
            return magic == 0x10B
                ? "is a 32-bit PE32 image, not PE32+: x64 firmware loads PE32+ images."
                : $"is a PE image whose optional header has magic 0x{magic:X4}, not PE32+ (0x020B).";
        }
        if (optionalHeader + 70 > head.Length)
        {
            return "is a PE32+ image whose optional header is cut short.";
        }
        ushort subsystem = BinaryPrimitives.ReadUInt16LittleEndian(head[(optionalHeader + 68)..]);
        if (subsystem != SubsystemEfiApplication)
        {
            return $"is a PE32+ x64 image with subsystem {SubsystemName(subsystem)} ({subsystem}), not EFI application (10): " +
                "the UEFI shell starts only applications.";
        }
        return null;
    }

    private static byte[] ReadHead(string path, int count)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[Math.Min(count, stream.Length)];
        stream.ReadExactly(buffer);
        return buffer;
    }

    private static string Kind(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0x7F, (byte)'E', (byte)'L', (byte)'F']))
        {
            return "0x7F 'ELF' (an ELF file: build for UEFI, which loads PE32+)";
        }
        int shown = Math.Min(head.Length, 4);
        string hex = Convert.ToHexString(head[..shown]);
        bool text = true;
        foreach (byte b in head[..Math.Min(head.Length, 64)])
        {
            text &= b is 9 or 10 or 13 || (b >= 0x20 && b < 0x7F);
        }
        return text ? $"text ('{System.Text.Encoding.ASCII.GetString(head[..Math.Min(head.Length, 16)]).ReplaceLineEndings(" ").Trim()}')" : $"bytes 0x{hex}";
    }

    private static string MachineName(ushort machine) => machine switch
    {
        0x014C => "i386",
        0x01C4 => "ARM (Thumb-2)",
        0xAA64 => "ARM64",
        0x5064 => "RISC-V 64",
        0x0200 => "Itanium",
        _ => "another architecture",
    };

    private static string SubsystemName(ushort subsystem) => subsystem switch
    {
        1 => "native",
        2 => "Windows GUI",
        3 => "Windows console",
        11 => "EFI boot service driver",
        12 => "EFI runtime driver",
        13 => "EFI ROM",
        _ => "unknown",
    };
}
