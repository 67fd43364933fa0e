// Builds and QEMU boots share the sample's output folder and the machine's two cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
