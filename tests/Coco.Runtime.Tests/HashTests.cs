using System.Security.Cryptography;
using Coco.Crypto;

namespace Coco.Runtime.Tests;

/// <summary>SHA-256 and SHA-384 against the NIST example vectors (FIPS 180-4 examples,
/// csrc.nist.gov "Examples with Intermediate Values") and against the .NET library on random
/// inputs, whole and in pieces.</summary>
public unsafe class HashTests
{
    private static string Sha256Of(byte[] data)
    {
        byte* digest = stackalloc byte[Sha256.DigestBytes];
        fixed (byte* bytes = data)
        {
            Sha256.Hash(bytes, (ulong)data.Length, digest);
        }
        return Convert.ToHexString(new ReadOnlySpan<byte>(digest, Sha256.DigestBytes)).ToLowerInvariant();
    }

    private static string Sha384Of(byte[] data)
    {
        byte* digest = stackalloc byte[Sha384.DigestBytes];
        fixed (byte* bytes = data)
        {
            Sha384.Hash(bytes, (ulong)data.Length, digest);
        }
        return Convert.ToHexString(new ReadOnlySpan<byte>(digest, Sha384.DigestBytes)).ToLowerInvariant();
    }

    private static byte[] Ascii(string text) => System.Text.Encoding.ASCII.GetBytes(text);

    private const string TwoBlocks256 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    private const string TwoBlocks512 = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

    [Theory]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData(TwoBlocks256, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    [InlineData(TwoBlocks512, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")]
    public void Sha256_matches_the_nist_vectors(string message, string digest) => Assert.Equal(digest, Sha256Of(Ascii(message)));

    [Theory]
    [InlineData("", "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b")]
    [InlineData("abc", "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7")]
    [InlineData(TwoBlocks512, "09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712fcc7c71a557e2db966c3e9fa91746039")]
    public void Sha384_matches_the_nist_vectors(string message, string digest) => Assert.Equal(digest, Sha384Of(Ascii(message)));

    [Fact]
    public void A_million_a_characters()
    {
        byte[] million = new byte[1_000_000];
        Array.Fill(million, (byte)'a');
        Assert.Equal("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", Sha256Of(million));
        Assert.Equal("9d0e1809716474cb086e834e310a4a1ced149e9c00f248527972cec5704c2a5b07b8b3dc38ecc4ebae97ddd87f3d8985", Sha384Of(million));
    }

    [Fact]
    public void Random_inputs_whole_and_in_pieces_match_the_dotnet_library()
    {
        var random = new Random(20261126);
        byte* d256 = stackalloc byte[32];
        byte* d384 = stackalloc byte[48];
        for (int round = 0; round < 600; round++)
        {
            byte[] data = new byte[random.Next(0, round < 300 ? 300 : 5000)];
            random.NextBytes(data);
            Assert.Equal(Convert.ToHexString(SHA256.HashData(data)).ToLowerInvariant(), Sha256Of(data));
            Assert.Equal(Convert.ToHexString(SHA384.HashData(data)).ToLowerInvariant(), Sha384Of(data));

            // The same bytes appended in random pieces.
            Sha256 sha256 = Sha256.Create();
            Sha384 sha384 = Sha384.Create();
            fixed (byte* bytes = data)
            {
                int at = 0;
                while (at < data.Length)
                {
                    int piece = Math.Min(data.Length - at, random.Next(0, 200));
                    sha256.Append(bytes + at, (ulong)piece);
                    sha384.Append(bytes + at, (ulong)piece);
                    at += piece;
                }
            }
            sha256.Finish(d256);
            sha384.Finish(d384);
            Assert.True(SHA256.HashData(data).AsSpan().SequenceEqual(new ReadOnlySpan<byte>(d256, 32)));
            Assert.True(SHA384.HashData(data).AsSpan().SequenceEqual(new ReadOnlySpan<byte>(d384, 48)));
        }
    }
}
