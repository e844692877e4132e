// Test classes mostly wait (for gossip, failure detection, timeouts), not compute: with two at a time (xunit's default on 2
// cores) the project took six minutes while using a third of one core. Not more than four: beside the other test projects, six
// classes at once delayed the nodes' heartbeats by seconds and pushed timing-bound tests past their deadlines.
[assembly: CollectionBehavior(MaxParallelThreads = 4)]
