namespace System
{
    /// <summary>Root of the type hierarchy. Firmware code allocates no objects; only frozen
    /// string literals and preinitialized data exist.</summary>
    public class Object
    {
        // The runtime's MethodTable pointer: the layout ILC expects of every object.
#pragma warning disable CS0169, CS0649
        private unsafe void* _methodTable;
#pragma warning restore CS0169, CS0649

        public Object() { }

        public virtual bool Equals(object? other) => (object)this == other;

        public virtual int GetHashCode() => 0;

        public virtual string? ToString() => null;
    }
}
