// One feed for every test, and builds and boots that share the machine's two cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
