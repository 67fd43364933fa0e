namespace Coco.Uefi
{
    /// <summary>EFI_HANDLE: an opaque pointer.</summary>
    public readonly unsafe struct EfiHandle
    {
        public EfiHandle(void* value) { Value = value; }

        public void* Value { get; }

        public bool IsNull => Value == null;
    }
}
