using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace Accounts;

/// <summary>
/// Stands in for the database the accounts write through to: sharded actors keep state in memory only, so an account that moves
/// to another node (its node leaves) reloads it from here. Shared by the three in-process nodes.
/// </summary>
public sealed class Ledger(long openingBalance)
{
    private readonly ConcurrentDictionary<string, AccountState> _accounts = new();

    public AccountState Load(string account) => _accounts.GetValueOrDefault(account) ?? new AccountState(openingBalance, [], []);

    public void Save(string account, AccountState state) => _accounts[account] = state;
}

/// <summary>An account's balance and the transfers it has applied (withdrawals and deposits apart), so a retried call applies once.</summary>
public sealed record AccountState(long Balance, ImmutableHashSet<long> Withdrawn, ImmutableHashSet<long> Deposited);
