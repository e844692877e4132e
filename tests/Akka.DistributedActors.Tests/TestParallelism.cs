// Test classes mostly wait (for gossip, failure detection, timeouts), not compute: with two at a time (xunit's default on 2
// cores) the project took six minutes while using a third of one core.
[assembly: CollectionBehavior(MaxParallelThreads = 6)]
