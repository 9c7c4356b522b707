using System;
using System.IO;
using System.Net.Security;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;

namespace HafniumTools.Remote;

/// <summary>
/// A TLS client handshake whose certificate chain is built without the system trust store, for -SkipCertificateCheck:
/// the handshake goes on whatever the certificate, and whether it would have validated is answered once per distinct
/// certificate by <see cref="CertificateTrustCache"/> instead of on every handshake (on Linux, OpenSSL's look-ups in the
/// system store were about a quarter of a sweep's CPU). It needs <c>SslClientAuthenticationOptions.CertificateChainPolicy</c>
/// and <c>X509ChainPolicy.TrustMode</c> (.NET 7 and later), which a netstandard2.0 DLL reaches by reflection, once;
/// on Windows PowerShell 5.1 (.NET Framework) they do not exist, <see cref="Available"/> is false and the caller
/// keeps the ordinary handshake.
/// </summary>
internal static class DeferredTrustHandshake
{
    private static readonly Api? Runtime = Api.Find();

    /// <summary>True when this runtime offers the chain policy of a handshake.</summary>
    public static bool Available => Runtime is not null;

    /// <summary>
    /// Authenticates <paramref name="tls"/> as a client of <paramref name="host"/> (any protocol the system allows, no
    /// revocation check), its chain built against an empty custom root store and no downloads: the validation callback
    /// given to the stream's constructor gets the certificate, a chain whose ExtraStore holds what the server sent, and
    /// the name errors (the chain errors of this policy say nothing about the system's trust: the callback replaces them).
    /// </summary>
    public static Task AuthenticateAsClientAsync(SslStream tls, string host, CancellationToken cancellationToken)
    {
        var api = Runtime ?? throw new PlatformNotSupportedException("SslClientAuthenticationOptions.CertificateChainPolicy needs .NET 7 or later.");
        object options = Activator.CreateInstance(api.OptionsType)!;
        api.TargetHost.SetValue(options, host);
        api.RevocationMode.SetValue(options, X509RevocationMode.NoCheck);
        api.Protocols.SetValue(options, SslProtocols.None);

        // A new policy per handshake: SslStream adds the server's certificates to its ExtraStore.
        var policy = new X509ChainPolicy { RevocationMode = X509RevocationMode.NoCheck };
        api.TrustMode.SetValue(policy, api.CustomRootTrust);
        api.DisableDownloads.SetValue(policy, true);
        api.ChainPolicy.SetValue(options, policy);
        try
        {
            return (Task)api.Authenticate.Invoke(tls, [options, cancellationToken])!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw; // not reached
        }
    }

    private sealed class Api
    {
        public Type OptionsType { get; private init; } = null!;
        public PropertyInfo TargetHost { get; private init; } = null!;
        public PropertyInfo RevocationMode { get; private init; } = null!;
        public PropertyInfo Protocols { get; private init; } = null!;
        public PropertyInfo ChainPolicy { get; private init; } = null!;
        public PropertyInfo TrustMode { get; private init; } = null!;
        public object CustomRootTrust { get; private init; } = null!;
        public PropertyInfo DisableDownloads { get; private init; } = null!;
        public MethodInfo Authenticate { get; private init; } = null!;

        public static Api? Find()
        {
            try
            {
                var optionsType = typeof(SslStream).Assembly.GetType("System.Net.Security.SslClientAuthenticationOptions", throwOnError: false);
                var trustMode = typeof(X509ChainPolicy).GetProperty("TrustMode");
                var downloads = typeof(X509ChainPolicy).GetProperty("DisableCertificateDownloads");
                if (optionsType is null || trustMode is null || downloads is null || !trustMode.PropertyType.IsEnum)
                {
                    return null;
                }

                var api = new Api
                {
                    OptionsType = optionsType,
                    TargetHost = optionsType.GetProperty("TargetHost")!,
                    RevocationMode = optionsType.GetProperty("CertificateRevocationCheckMode")!,
                    Protocols = optionsType.GetProperty("EnabledSslProtocols")!,
                    ChainPolicy = optionsType.GetProperty("CertificateChainPolicy")!,
                    TrustMode = trustMode,
                    CustomRootTrust = Enum.Parse(trustMode.PropertyType, "CustomRootTrust"),
                    DisableDownloads = downloads,
                    Authenticate = typeof(SslStream).GetMethod("AuthenticateAsClientAsync", [optionsType, typeof(CancellationToken)])!,
                };
                bool complete = api.TargetHost is not null && api.RevocationMode is not null && api.Protocols is not null
                    && api.ChainPolicy is not null && api.Authenticate is not null && api.Authenticate.ReturnType == typeof(Task);
                return complete ? api : null;
            }
            catch (Exception e) when (e is ArgumentException or AmbiguousMatchException or TypeLoadException or FileNotFoundException)
            {
                return null; // a runtime without these APIs: the ordinary handshake
            }
        }
    }
}
