// Calling-convention markers for `delegate* unmanaged[...]` function pointers.
namespace System.Runtime.CompilerServices
{
    public class CallConvCdecl { }
    public class CallConvStdcall { }
    public class CallConvThiscall { }
    public class CallConvFastcall { }
    public class CallConvSuppressGCTransition { }
}
