// PVALIDATE and VMGEXIT go through the one static SnpGate, so test classes must not run side by
// side with different simulated platforms installed.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
