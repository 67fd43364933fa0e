namespace System
{
    /// <summary>Arrays appear only as compile-time constant data (RVA statics read through
    /// spans); creating one at run time would need a GC and fails at link time.</summary>
    public abstract class Array
    {
#pragma warning disable CS0649
        private readonly int _numComponents;
#pragma warning restore CS0649

        public int Length => _numComponents;
    }

    // The compiler's view of T[]; ILC supplies the implementation.
    public class Array<T> : Array { }
}
