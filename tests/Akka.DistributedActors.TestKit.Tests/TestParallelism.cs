// The multi-process specs mostly wait for their node processes and the cluster's timings: four test classes at a time instead
// of xunit's two on 2 cores.
[assembly: CollectionBehavior(MaxParallelThreads = 4)]
