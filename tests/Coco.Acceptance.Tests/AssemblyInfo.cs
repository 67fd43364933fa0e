// TDCALLs go through the one static TdcallGate, so test classes must not run side by side
// with different simulated modules installed.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
