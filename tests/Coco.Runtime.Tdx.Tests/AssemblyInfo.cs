// Every test that issues a SEAMCALL goes through the one static SeamcallGate, so test
// classes must not run side by side with different simulated modules installed.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
