using Akka.DistributedActors;

namespace Accounts;

/// <summary>A bank account, one sharded actor per account id.</summary>
public interface IAccount : IDistributedActor
{
    /// <summary>Takes <paramref name="amount"/> out for transfer <paramref name="transfer"/>; false when the balance is too low. Idempotent per transfer.</summary>
    Task<bool> Withdraw(long transfer, long amount);

    /// <summary>Puts <paramref name="amount"/> in for transfer <paramref name="transfer"/>. Idempotent per transfer.</summary>
    Task Deposit(long transfer, long amount);

    Task<long> Balance();
}
