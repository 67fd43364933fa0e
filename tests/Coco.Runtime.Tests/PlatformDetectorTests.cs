using Coco.Platform;

namespace Coco.Runtime.Tests;

public unsafe class PlatformDetectorTests
{
    // "IntelTDX    " in EBX, EDX, ECX order.
    private static readonly CpuidResult TdxLeaf = new(0, 0x65746E49, 0x20202020, 0x5844546C);

    [Fact]
    public void Tdx_signature_in_leaf_0x21_is_a_tdx_guest() =>
        Assert.Equal(ConfidentialPlatform.TdxGuest, PlatformDetector.Classify(0x23, TdxLeaf));

    [Fact]
    public void Leaf_0x21_is_ignored_when_the_cpu_does_not_have_it() =>
        Assert.Equal(ConfidentialPlatform.None, PlatformDetector.Classify(0x20, TdxLeaf));

    [Fact]
    public void Zeros_as_under_qemu_tcg_mean_no_guest() =>
        Assert.Equal(ConfidentialPlatform.None, PlatformDetector.Classify(0x21, default));

    [Fact]
    public void Registers_in_the_wrong_order_are_not_tdx() =>
        Assert.Equal(ConfidentialPlatform.None, PlatformDetector.Classify(0x21, new CpuidResult(0, 0x65746E49, 0x5844546C, 0x20202020)));

    [Fact]
    public void Hypervisor_vendor_is_read_from_ebx_ecx_edx()
    {
        // "TCGTCGTCGTCG"
        var leaf = new CpuidResult(0x40000001, 0x54474354, 0x43544743, 0x47435447);
        char* vendor = stackalloc char[12];
        PlatformDetector.HypervisorVendor(leaf, vendor);
        Assert.Equal("TCGTCGTCGTCG", new string(vendor, 0, 12));
        Assert.True(PlatformDetector.HasHypervisor(new CpuidResult(0, 0, 0x80000000, 0)));
        Assert.False(PlatformDetector.HasHypervisor(default));
    }
}
