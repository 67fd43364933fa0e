namespace System
{
    // Required by the compiler for every delegate type; firmware uses function pointers instead.
    public abstract class Delegate { }

    public abstract class MulticastDelegate : Delegate { }
}
