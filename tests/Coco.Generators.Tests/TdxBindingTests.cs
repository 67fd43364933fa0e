using System.Reflection;
using System.Reflection.Emit;
using Coco.Tdx.Abi;
using Coco.Tdx.Guest;
using Coco.Tdx.Host;
using Coco.Tdx.Guest.Simulation;
using Coco.Tdx.Host.Simulation;
using Coco.Memory;

namespace Coco.Generators.Tests;

/// <summary>
/// Each generated binding in Coco.Runtime.Tdx run against a recording gate handler: the
/// registers it loads are checked bit for bit, known outputs are written back and checked
/// bit for bit in the out parameters and status. Where a simulated module handles the leaf,
/// the binding also runs through it. Gates are process-wide: these tests run serially
/// (one class) and restore the gates.
/// </summary>
[Collection(nameof(TdxBindingTests))]
public sealed unsafe class TdxBindingTests : IDisposable
{
    // Distinct, bit-dense patterns so a swapped or truncated register shows.
    private const ulong A = 0x0123456789ABCDEF;
    private const ulong B = 0xFEDCBA9876543210;
    private const ulong C = 0x8000000000000001;
    private static readonly ulong[] Outputs =
    {
        0, 0x1111111111111111, 0x2222222222222222, 0, 0, 0, 0, 0,
        0x8888888888888888, 0x9999999999999999, 0xAAAAAAAAAAAAAAAA, 0xBBBBBBBBBBBBBBBB,
        0xCCCCCCCCCCCCCCCC, 0xDDDDDDDDDDDDDDDD, 0xEEEEEEEEEEEEEEEE, 0xFFFFFFFFFFFFFFFF,
    };

    private static TdxRegisters s_seen;
    private static int s_calls;
    private static ulong s_status;
    private static int s_busyAnswers;

    private readonly delegate*<TdxRegisters*, void> _previousSeamcall;

    public TdxBindingTests()
    {
        s_calls = 0;
        s_status = 0x00000B0A00000007; // a warning with an operand id: status bits must pass through
        s_busyAnswers = 0;
        _previousSeamcall = SeamcallGate.Install(&Record);
        TdcallGate.Install(&RecordGuest, null);
    }

    public void Dispose()
    {
        SeamcallGate.Install(_previousSeamcall);
        TdcallGate.Uninstall();
    }

    private static void Record(TdxRegisters* registers)
    {
        s_seen = *registers;
        s_calls++;
        registers->Rax = s_busyAnswers-- > 0 ? TdxStatusCode.OperandBusy | 2 : s_status;
        registers->Rcx = Outputs[1];
        registers->Rdx = Outputs[2];
        registers->R8 = Outputs[8];
        registers->R9 = Outputs[9];
        registers->R10 = Outputs[10];
        registers->R11 = Outputs[11];
        registers->R12 = Outputs[12];
        registers->R13 = Outputs[13];
        registers->R14 = Outputs[14];
        registers->R15 = Outputs[15];
    }

    private static void RecordGuest(void* context, TdxRegisters* registers) => Record(registers);

    private static void AssertSeen(ulong rax, ulong rcx = 0, ulong rdx = 0, ulong r8 = 0, ulong r9 = 0, ulong r10 = 0, ulong r11 = 0, ulong r12 = 0, ulong r13 = 0)
    {
        Assert.Equal(1, s_calls);
        Assert.Equal(rax, s_seen.Rax);
        Assert.Equal(rcx, s_seen.Rcx);
        Assert.Equal(rdx, s_seen.Rdx);
        Assert.Equal(r8, s_seen.R8);
        Assert.Equal(r9, s_seen.R9);
        Assert.Equal(r10, s_seen.R10);
        Assert.Equal(r11, s_seen.R11);
        Assert.Equal(r12, s_seen.R12);
        Assert.Equal(r13, s_seen.R13);
        Assert.Equal(0UL, s_seen.R14);
        Assert.Equal(0UL, s_seen.R15);
    }

    [Fact]
    public void VpInfo()
    {
        TdxStatus status = TdxGuestCalls.VpInfo(out ulong gpaw, out ulong attributes, out ulong vcpus, out ulong index, out ulong info10, out ulong info11);
        AssertSeen(rax: 1);
        Assert.Equal(s_status, status.Value);
        Assert.Equal(new[] { Outputs[1], Outputs[2], Outputs[8], Outputs[9], Outputs[10], Outputs[11] }, new[] { gpaw, attributes, vcpus, index, info10, info11 });
    }

    [Fact]
    public void MemPageAccept()
    {
        TdxStatus status = TdxGuestCalls.MemPageAccept(A);
        AssertSeen(rax: 6, rcx: A);
        Assert.Equal(s_status, status.Value);
    }

    [Fact]
    public void MemPageAcceptRetrying_retries_busy_within_its_bound()
    {
        s_busyAnswers = 2;
        Assert.Equal(s_status, TdxGuestCalls.MemPageAcceptRetrying(A).Value);
        Assert.Equal(3, s_calls);
        Assert.Equal(A, s_seen.Rcx); // reloaded on each attempt, though the handler clobbered RCX

        s_calls = 0;
        s_busyAnswers = 10;
        TdxStatus busy = TdxGuestCalls.MemPageAcceptRetrying(A);
        Assert.Equal(3, s_calls);
        Assert.Equal(TdxStatusCode.OperandBusy | 2, busy.Value);
    }

    [Fact]
    public void VmRd()
    {
        TdxStatus status = TdxGuestCalls.VmRd(B, out ulong value);
        AssertSeen(rax: 7, rdx: B);
        Assert.Equal(s_status, status.Value);
        Assert.Equal(Outputs[8], value);
    }

    [Fact]
    public void VmcallMapGpa()
    {
        TdxStatus status = TdxGuestCalls.VmcallMapGpa(A, C, out ulong vmcallStatus, out ulong retryGpa);
        AssertSeen(rax: 0, rcx: 0xFC00, r10: 0, r11: 0x10001, r12: A, r13: C);
        Assert.Equal(s_status, status.Value);
        Assert.Equal(Outputs[10], vmcallStatus);
        Assert.Equal(Outputs[11], retryGpa);
    }

    [Theory]
    [InlineData(nameof(TdxHostCalls.TdhSysInit), 33UL)]
    [InlineData(nameof(TdxHostCalls.TdhSysLpInit), 35UL)]
    [InlineData(nameof(TdxHostCalls.TdhSysKeyConfig), 31UL)]
    public void Bring_up_leaves_take_no_operands(string binding, ulong leaf)
    {
        TdxStatus status = binding switch
        {
            nameof(TdxHostCalls.TdhSysInit) => TdxHostCalls.TdhSysInit(),
            nameof(TdxHostCalls.TdhSysLpInit) => TdxHostCalls.TdhSysLpInit(),
            _ => TdxHostCalls.TdhSysKeyConfig(),
        };
        AssertSeen(rax: leaf);
        Assert.Equal(s_status, status.Value);
    }

    [Fact]
    public void TdhSysConfig()
    {
        TdxStatus status = TdxHostCalls.TdhSysConfig(A, B, C);
        AssertSeen(rax: 45, rcx: A, rdx: B, r8: C);
        Assert.Equal(s_status, status.Value);
    }

    [Fact]
    public void TdhSysTdmrInit()
    {
        TdxStatus status = TdxHostCalls.TdhSysTdmrInit(A, out ulong next);
        AssertSeen(rax: 36, rcx: A);
        Assert.Equal(s_status, status.Value);
        Assert.Equal(Outputs[2], next);
    }

    [Fact]
    public void TdhPhymemPamtAdd()
    {
        TdxStatus status = TdxHostCalls.TdhPhymemPamtAdd(A, B, C);
        AssertSeen(rax: 58, rcx: A, rdx: B, r8: C);
        Assert.Equal(s_status, status.Value);
    }

    [Fact]
    public void TdhPhymemPamtRemove()
    {
        TdxStatus status = TdxHostCalls.TdhPhymemPamtRemove(A, out ulong page0, out ulong page1);
        AssertSeen(rax: 59, rcx: A);
        Assert.Equal(s_status, status.Value);
        Assert.Equal(Outputs[2], page0);
        Assert.Equal(Outputs[8], page1);
    }

    [Fact]
    public void TdhMemPageAug()
    {
        TdxStatus status = TdxHostCalls.TdhMemPageAug(A, B, C, out ulong error1, out ulong error2);
        AssertSeen(rax: 6, rcx: A, rdx: B, r8: C);
        Assert.Equal(s_status, status.Value);
        Assert.Equal(Outputs[1], error1);
        Assert.Equal(Outputs[2], error2);
    }

    [Fact]
    public void TdhPhymemPageReclaim()
    {
        TdxStatus status = TdxHostCalls.TdhPhymemPageReclaim(A, out ulong type, out ulong owner, out ulong size);
        AssertSeen(rax: 28, rcx: A);
        Assert.Equal(s_status, status.Value);
        Assert.Equal(new[] { Outputs[1], Outputs[2], Outputs[8] }, new[] { type, owner, size });
    }

    [Fact]
    public void Host_bindings_match_the_hand_written_wrappers_through_the_simulated_module()
    {
        SeamcallGate.Install(_previousSeamcall);
        var cmrs = new[] { PhysicalRange.FromBaseSize(0, 1UL << 32) };
        ulong[] Run(bool generated)
        {
            using SimulatedTdxModuleSession module = new SimulatedTdxModuleSession(cmrs).Install();
            var results = new List<ulong>();
            results.Add((generated ? TdxHostCalls.TdhSysTdmrInit(0, out ulong next) : HandWritten.TdhSysTdmrInit(0, out next)).Value);
            results.Add(next);
            results.Add((generated ? TdxHostCalls.TdhSysConfig(0x1000, 1, 1) : HandWritten.TdhSysConfig(0x1000, 1, 1)).Value);
            results.Add((generated ? TdxHostCalls.TdhPhymemPamtAdd(0x200001, 0x5000, 0x6000) : HandWritten.TdhPhymemPamtAdd(0x200001, 0x5000, 0x6000)).Value);
            results.Add((generated ? TdxHostCalls.TdhMemPageAug(0x1000, 0x2000, 0x3000, out _, out _) : HandWritten.TdhMemPageAug(0x1000, 0x2000, 0x3000)).Value);
            TdxStatus removed = generated ? TdxHostCalls.TdhPhymemPamtRemove(0x200001, out ulong p0, out ulong p1) : HandWritten.TdhPhymemPamtRemove(0x200001, out p0, out p1);
            results.Add(removed.Value);
            if (removed.IsSuccess)
            {
                results.Add(p0);
                results.Add(p1);
            }
            results.Add((ulong)module.Module->SeamcallCount);
            return results.ToArray();
        }
        Assert.Equal(Run(generated: false), Run(generated: true));
    }

    [Fact]
    public void MemPageAccept_through_the_simulated_guest_module()
    {
        TdcallGate.Uninstall();
        const ulong window = 0x100000000;
        ulong* state = stackalloc ulong[(int)SimulatedTdxGuestModule.StateWordsFor(1024)];
        SimulatedTdxGuestModule module;
        SimulatedTdxGuestModule.Initialize(&module, window, 1024, state, null, SimulatedTdxGuestOptions.Tdx15);
        SimulatedTdxGuestModule.Install(&module);
        try
        {
            Assert.True(TdxGuestCalls.MemPageAccept(window | (ulong)PageLevel.Page2M).IsSuccess);
            Assert.Equal(TdxStatusCode.PageAlreadyAccepted, TdxGuestCalls.MemPageAccept(window | (ulong)PageLevel.Page2M).Class);
            Assert.True(TdxGuestCalls.MemPageAccept(window + 0x200000).IsSuccess);
            Assert.Equal(TdxStatusCode.PageAlreadyAccepted, TdxGuestCalls.MemPageAcceptRetrying(window + 0x200000).Class);
            Assert.Equal(TdxStatusCode.OperandInvalid, TdxGuestCalls.MemPageAccept(window + 0x201).Class);
            Assert.Equal(513L, module.AcceptedPages);
        }
        finally
        {
            TdcallGate.Uninstall();
        }
    }

    /// <summary>Every generated stub's IL: no newobj, newarr, box, no call but the gate's.</summary>
    [Fact]
    public void Generated_stubs_allocate_nothing_and_box_nothing()
    {
        MethodInfo[] stubs = typeof(TdxGuestCalls).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttributes().Any(a => a.GetType().Name == "GeneratedCodeAttribute")
                && (t(m) == typeof(TdxGuestCalls) || t(m) == typeof(TdxHostCalls)))
            .ToArray();
        Assert.Equal(16, stubs.Length);
        foreach (MethodInfo stub in stubs)
        {
            AssertNoAllocation(stub);
        }

        static Type t(MethodInfo m) => m.DeclaringType!;
    }

    /// <summary>The same for stubs over every operand kind (narrow, signed, enum, bool,
    /// pointer, nint, ref, retry, constants), compiled from the snapshot source.</summary>
    [Fact]
    public void Stubs_over_every_operand_kind_allocate_nothing_and_box_nothing()
    {
        (_, Microsoft.CodeAnalysis.Compilation output) = Infrastructure.GeneratorHarness.TdxCalls.Run(Infrastructure.GeneratorHarness.TdxCalls.Compilation(TdxCallTestSources.Calls));
        using var stream = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult result = output.Emit(stream);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        Assembly assembly = Assembly.Load(stream.ToArray());
        MethodInfo[] stubs = assembly.GetType("Sample.Tdx.Calls")!
            .GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly);
        Assert.Equal(7, stubs.Length);
        foreach (MethodInfo stub in stubs)
        {
            AssertNoAllocation(stub);
        }
    }

    internal static void AssertNoAllocation(MethodInfo stub)
    {
        byte[] il = stub.GetMethodBody()!.GetILAsByteArray()!;
        foreach ((OpCode opcode, int operand) in IlReader.Read(il))
        {
            Assert.False(opcode == OpCodes.Newobj || opcode == OpCodes.Newarr || opcode == OpCodes.Box || opcode == OpCodes.Localloc,
                stub.Name + " uses " + opcode.Name);
            if (opcode == OpCodes.Call || opcode == OpCodes.Callvirt || opcode == OpCodes.Calli)
            {
                Assert.NotEqual(OpCodes.Calli, opcode);
                MethodBase target = stub.Module.ResolveMethod(operand)!;
                // The gate, and the runtime's status test that retries on OPERAND_BUSY.
                Assert.True((target.Name == "Call" && target.DeclaringType is { Name: "TdcallGate" or "SeamcallGate" })
                    || (target.Name == "Is" && target.DeclaringType == typeof(Coco.Tdx.Abi.TdxStatus)),
                    stub.Name + " calls " + target.DeclaringType + "." + target.Name);
            }
        }
    }
}

/// <summary>The hand-written SEAMCALL wrappers the generated stubs replaced (formerly
/// Seamcalls/HostSeamcalls.cs), kept as the reference the stubs must match.</summary>
internal static unsafe class HandWritten
{
    public static TdxStatus TdhSysConfig(ulong tdmrInfoAddressArray, ulong tdmrCount, ulong options)
    {
        TdxRegisters registers = default;
        registers.Rax = SeamcallLeaf.TdhSysConfig;
        registers.Rcx = tdmrInfoAddressArray;
        registers.Rdx = tdmrCount;
        registers.R8 = options;
        return SeamcallGate.Call(&registers);
    }

    public static TdxStatus TdhSysTdmrInit(ulong tdmrBase, out ulong nextToInitialize)
    {
        TdxRegisters registers = default;
        registers.Rax = SeamcallLeaf.TdhSysTdmrInit;
        registers.Rcx = tdmrBase;
        TdxStatus status = SeamcallGate.Call(&registers);
        nextToInitialize = registers.Rdx;
        return status;
    }

    public static TdxStatus TdhPhymemPamtAdd(ulong regionAndLevel, ulong page0, ulong page1)
    {
        TdxRegisters registers = default;
        registers.Rax = SeamcallLeaf.TdhPhymemPamtAdd;
        registers.Rcx = regionAndLevel;
        registers.Rdx = page0;
        registers.R8 = page1;
        return SeamcallGate.Call(&registers);
    }

    public static TdxStatus TdhPhymemPamtRemove(ulong regionAndLevel, out ulong page0, out ulong page1)
    {
        TdxRegisters registers = default;
        registers.Rax = SeamcallLeaf.TdhPhymemPamtRemove;
        registers.Rcx = regionAndLevel;
        TdxStatus status = SeamcallGate.Call(&registers);
        page0 = status.IsSuccess ? registers.Rdx : 0;
        page1 = status.IsSuccess ? registers.R8 : 0;
        return status;
    }

    public static TdxStatus TdhMemPageAug(ulong gpaAndLevel, ulong tdr, ulong hpa)
    {
        TdxRegisters registers = default;
        registers.Rax = SeamcallLeaf.TdhMemPageAug;
        registers.Rcx = gpaAndLevel;
        registers.Rdx = tdr;
        registers.R8 = hpa;
        return SeamcallGate.Call(&registers);
    }
}

/// <summary>Walks IL instruction by instruction (operands skipped by their declared size).</summary>
internal static class IlReader
{
    private static readonly Dictionary<short, OpCode> Codes = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    public static IEnumerable<(OpCode OpCode, int Operand)> Read(byte[] il)
    {
        int position = 0;
        while (position < il.Length)
        {
            short value = il[position++];
            if (value == 0xFE)
            {
                value = unchecked((short)(0xFE00 | il[position++]));
            }
            OpCode opcode = Codes[value];
            int operand = 0;
            int size = opcode.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, position),
                _ => 4,
            };
            if (size == 4 && opcode.OperandType != OperandType.InlineSwitch)
            {
                operand = BitConverter.ToInt32(il, position);
            }
            position += size;
            yield return (opcode, operand);
        }
    }
}
