using Akka.DistributedActors;

namespace Accounts;

public sealed class Account(Ledger ledger, string id) : DistributedActor, IAccount, IShardedActor
{
    private AccountState _state = null!;

    public Task ActivateAsync()
    {
        _state = ledger.Load(id);
        return Task.CompletedTask;
    }

    public Task<bool> Withdraw(long transfer, long amount)
    {
        if (_state.Withdrawn.Contains(transfer)) return Task.FromResult(true);
        if (_state.Balance < amount) return Task.FromResult(false);
        Save(_state with { Balance = _state.Balance - amount, Withdrawn = _state.Withdrawn.Add(transfer) });
        return Task.FromResult(true);
    }

    public Task Deposit(long transfer, long amount)
    {
        if (!_state.Deposited.Contains(transfer)) Save(_state with { Balance = _state.Balance + amount, Deposited = _state.Deposited.Add(transfer) });
        return Task.CompletedTask;
    }

    public Task<long> Balance() => Task.FromResult(_state.Balance);

    private void Save(AccountState next)
    {
        ledger.Save(id, next);
        _state = next;
    }
}
