using System.Net;
using System.Text.Json;
using k8s.Autorest;

namespace Akka.DistributedActors.Discovery.Kubernetes.Internal;

/// <summary>Turns what the Kubernetes client throws into a message an operator can act on.</summary>
internal static class ApiErrors
{
    // No inner exception: the cluster logs an error's base exception, which must be this message, not "Connection refused".
    public static KubernetesDiscoveryException Describe(Exception error, string verb, string @namespace, string host)
    {
        var what = $"\"{verb} pods\" in namespace \"{@namespace}\"";
        return error switch
        {
            KubernetesDiscoveryException known => known,
            HttpOperationException { Response.StatusCode: HttpStatusCode.Forbidden } e => new(
                $"The Kubernetes API at {host} forbids {what} (403 Forbidden): the pod's service account needs a Role granting get, list " +
                $"and watch on pods in \"{@namespace}\" and a RoleBinding to it (deploy/kubernetes/rbac.yaml). API: {Body(e)}"),
            HttpOperationException { Response.StatusCode: HttpStatusCode.Unauthorized } e => new(
                $"The Kubernetes API at {host} did not accept the credentials for {what} (401 Unauthorized): check the service-account " +
                $"token or the kubeconfig user. API: {Body(e)}"),
            HttpOperationException e => new(
                $"The Kubernetes API at {host} answered {(int)e.Response.StatusCode} {e.Response.StatusCode} to {what}. API: {Body(e)}"),
            JsonException e => new($"The Kubernetes API at {host} sent a pod object that cannot be read ({what}): {e.Message}"),
            HttpRequestException or IOException or TaskCanceledException => new(
                $"Cannot reach the Kubernetes API at {host} for {what}: {error.GetBaseException().Message}"),
            _ => new($"{what} at the Kubernetes API {host} failed: {error.GetType().Name}: {error.Message}"),
        };
    }

    private static string Body(HttpOperationException e) =>
        string.IsNullOrWhiteSpace(e.Response.Content) ? "(no body)" : e.Response.Content.Length > 500 ? e.Response.Content[..500] : e.Response.Content;
}
