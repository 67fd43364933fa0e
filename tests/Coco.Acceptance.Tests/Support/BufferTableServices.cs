using System.Runtime.InteropServices;
using Coco.Uefi;
using Coco.Unaccepted;

namespace Coco.Acceptance.Tests.Support;

/// <summary>
/// The publisher's services over process memory: a "system table" slot holding at most one
/// installed table, page-aligned allocations of whole pages from the native heap (as
/// AllocatePages gives them), and counters and failure switches for the error paths.
/// </summary>
public sealed unsafe class BufferTableServices : IDisposable
{
    [StructLayout(LayoutKind.Sequential)]
    private struct State
    {
        public UnacceptedMemoryTable* Installed;
        public UnacceptedMemoryTable* LastAllocation;
        public ulong LastAllocationBytes;
        public int Allocations;
        public int Frees;
        public int Installs;
        public int FailAllocate;
        public int FailInstall;
    }

    private readonly NativeBuffer _state = new(64);
    private UnacceptedMemoryTable* _preinstalled;

    private State* S => _state.As<State>();

    public UnacceptedTableServices Services => new()
    {
        Context = S,
        FindInstalled = &Find,
        Allocate = &Allocate,
        Install = &Install,
        Free = &Free,
    };

    public UnacceptedMemoryTable* Installed => S->Installed;
    public ulong LastAllocationBytes => S->LastAllocationBytes;
    public int Allocations => S->Allocations;
    public int Frees => S->Frees;
    public int Installs => S->Installs;
    public bool FailAllocate { set => S->FailAllocate = value ? 1 : 0; }
    public bool FailInstall { set => S->FailInstall = value ? 1 : 0; }

    /// <summary>Installs a table the test wrote itself, as earlier firmware would have.</summary>
    public UnacceptedMemoryTable* Preinstall(uint version, ulong physBase, ulong bitmapBytes, uint unitSize = UnacceptedMemoryTable.DefaultUnitSize)
    {
        ulong bytes = UnacceptedMemoryTable.SizeWithTrailing((bitmapBytes + 7) / 8);
        _preinstalled = (UnacceptedMemoryTable*)NativeMemory.AllocZeroed((nuint)bytes);
        _preinstalled->Version = version;
        _preinstalled->UnitSize = unitSize;
        _preinstalled->PhysBase = physBase;
        _preinstalled->Size = bitmapBytes;
        S->Installed = _preinstalled;
        return _preinstalled;
    }

    private static UnacceptedMemoryTable* Find(void* context) => ((State*)context)->Installed;

    private static EfiStatus Allocate(void* context, ulong bytes, UnacceptedMemoryTable** table)
    {
        State* s = (State*)context;
        *table = null;
        if (s->FailAllocate != 0)
        {
            return EfiStatus.OutOfResources;
        }
        // Whole pages, page-aligned, poisoned so a builder that forgets to zero the bitmap is caught.
        ulong pageBytes = UnacceptedTableServices.PagesFor(bytes) * 4096;
        byte* memory = (byte*)NativeMemory.AlignedAlloc((nuint)pageBytes, 4096);
        new Span<byte>(memory, checked((int)pageBytes)).Fill(0xA5);
        s->Allocations++;
        s->LastAllocation = (UnacceptedMemoryTable*)memory;
        s->LastAllocationBytes = bytes;
        *table = (UnacceptedMemoryTable*)memory;
        return EfiStatus.Success;
    }

    private static EfiStatus Install(void* context, UnacceptedMemoryTable* table)
    {
        State* s = (State*)context;
        if (s->FailInstall != 0)
        {
            return EfiStatus.OutOfResources;
        }
        s->Installs++;
        s->Installed = table;
        return EfiStatus.Success;
    }

    private static void Free(void* context, UnacceptedMemoryTable* table, ulong bytes)
    {
        State* s = (State*)context;
        s->Frees++;
        Assert.Equal(s->LastAllocationBytes, bytes);
        if (s->LastAllocation == table)
        {
            s->LastAllocation = null;
        }
        NativeMemory.AlignedFree(table);
    }

    public void Dispose()
    {
        if (S->Installed != null && S->Installed != _preinstalled)
        {
            NativeMemory.AlignedFree(S->Installed);
        }
        if (_preinstalled != null)
        {
            NativeMemory.Free(_preinstalled);
            _preinstalled = null;
        }
        _state.Dispose();
    }
}
