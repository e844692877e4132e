namespace Akka.DistributedActors.Tests.Actors.Runtime;

/// <summary>A clock that moves only when the test calls <see cref="Advance"/>, firing the timers that fall due on the way.</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private readonly List<ManualTimer> _timers = [];
    private long _now;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _now);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        lock (_timers) _timers.Add(timer);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward in steps of at most <paramref name="step"/>, firing due timers at each step.</summary>
    public void Advance(TimeSpan by, TimeSpan? step = null)
    {
        var stepTicks = (step ?? by).Ticks;
        for (var left = by.Ticks; left > 0; left -= stepTicks)
        {
            Interlocked.Add(ref _now, Math.Min(left, stepTicks));
            ManualTimer[] timers;
            lock (_timers) timers = _timers.ToArray();
            foreach (var timer in timers) timer.FireIfDue(GetTimestamp());
        }
    }

    private sealed class ManualTimer(ManualTimeProvider clock, TimerCallback callback, object? state) : ITimer
    {
        private long _due = long.MaxValue;
        private long _period;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _due = dueTime == Timeout.InfiniteTimeSpan ? long.MaxValue : clock.GetTimestamp() + dueTime.Ticks;
            _period = period == Timeout.InfiniteTimeSpan ? 0 : period.Ticks;
            return true;
        }

        public void FireIfDue(long now)
        {
            if (_due > now) return;
            _due = _period > 0 ? now + _period : long.MaxValue;
            callback(state);
        }

        public void Dispose()
        {
            lock (clock._timers) clock._timers.Remove(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
