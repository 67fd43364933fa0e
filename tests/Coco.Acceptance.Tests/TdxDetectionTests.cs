using Coco.Platform;
using Coco.Tdx.Guest;

namespace Coco.Acceptance.Tests;

public unsafe class TdxDetectionTests
{
    // "IntelTDX    " in EBX, EDX, ECX order.
    private static readonly CpuidResult TdxLeaf = new(0, 0x65746E49, 0x20202020, 0x5844546C);

    [Fact]
    public void Tdx_signature_in_leaf_0x21_is_a_tdx_guest() => Assert.True(TdxDetection.IsTdxGuest(0x23, TdxLeaf));

    [Fact]
    public void Leaf_0x21_is_ignored_when_the_cpu_does_not_have_it() => Assert.False(TdxDetection.IsTdxGuest(0x20, TdxLeaf));

    [Fact]
    public void Zeros_as_under_qemu_tcg_mean_no_guest() => Assert.False(TdxDetection.IsTdxGuest(0x21, default));

    [Fact]
    public void Registers_in_the_wrong_order_are_not_tdx() =>
        Assert.False(TdxDetection.IsTdxGuest(0x21, new CpuidResult(0, 0x65746E49, 0x5844546C, 0x20202020)));

    private static CpuidResult TdxCpu(void* context, uint leaf, uint subleaf) =>
        leaf == 0 ? new CpuidResult(0x23, 0, 0, 0) : leaf == 0x21 ? TdxLeaf : default;

    [Fact]
    public void The_facade_opens_tdx_on_a_tdx_cpu_and_the_dotnet_build_cannot_issue_tdcall()
    {
        TdxGuestPlatform.Register();
        ProcessorAccess cpu = new() { CpuidFunction = &TdxCpu };
        Assert.True(TdxDetection.IsTdxGuest(&cpu));
        ConfidentialPlatform platform;
        // A user-mode process has no TDCALL: the real platform refuses to open here.
        Assert.Equal(Coco.Uefi.EfiStatus.Unsupported, ConfidentialPlatforms.Open(&platform, &cpu));
    }
}
