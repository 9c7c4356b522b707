using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace HafniumTools.Remote;

/// <summary>
/// Whether a server certificate, with the certificates the server sent beside it, builds a chain to the system's
/// trust as SslStream's own check would (no revocation check, the server-authentication usage), answered once per
/// distinct certificate set within a sweep: Exchange servers of one organisation usually share one certificate, and
/// a fleet of self-signed servers costs one chain each, as before. The name check is not part of the answer (it
/// depends on the target, and the handshake makes it). Answers are kept for <see cref="Lifetime"/> at most, and at
/// most <see cref="MaxEntries"/> of them (beyond that each is computed and not kept). Thread-safe.
/// </summary>
internal sealed class CertificateTrustCache
{
    /// <summary>Longest time an answer is reused (a certificate can expire during a long sweep).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    /// <summary>Most answers kept (the certificates are the servers' to choose).</summary>
    public const int MaxEntries = 4096;

    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.1");

    // Key: the certificates' hashes; value: when the answer was computed, and the answer (one build shared by concurrent handshakes).
    private readonly ConcurrentDictionary<string, (DateTime Computed, Lazy<Answer> Result)> _answers = new(StringComparer.Ordinal);

    /// <summary>How many chains were built (the answers not taken from the cache).</summary>
    public int ChainsBuilt => _chainsBuilt;

    private int _chainsBuilt;

    /// <summary>
    /// The policy errors SslStream would have given for <paramref name="certificate"/>: <paramref name="nameErrors"/>
    /// (what the handshake found about the name, its chain errors ignored) plus RemoteCertificateChainErrors when the
    /// chain does not validate, with the chain's status.
    /// </summary>
    public (SslPolicyErrors Errors, IReadOnlyList<string> ChainStatus) Check(X509Certificate certificate, X509Certificate2Collection? sent, SslPolicyErrors nameErrors)
    {
        var (errors, status, _) = CheckAndDescribe(certificate, sent, nameErrors);
        return (errors, status);
    }

    /// <summary><see cref="Check"/>, and the certificate's description, kept with the answer (read once per certificate).</summary>
    public (SslPolicyErrors Errors, IReadOnlyList<string> ChainStatus, CertificateIdentity Certificate) CheckAndDescribe(X509Certificate certificate, X509Certificate2Collection? sent, SslPolicyErrors nameErrors)
    {
        var names = nameErrors & ~SslPolicyErrors.RemoteCertificateChainErrors;
        using var leaf = new X509Certificate2(certificate);
        var answer = Trust(leaf, sent ?? []);
        return (answer.Valid ? names : names | SslPolicyErrors.RemoteCertificateChainErrors, answer.Status, answer.Certificate);
    }

    private Answer Trust(X509Certificate2 leaf, X509Certificate2Collection sent)
    {
        string key = Key(leaf, sent);
        var now = DateTime.UtcNow;
        if (_answers.TryGetValue(key, out var known) && now - known.Computed < Lifetime)
        {
            return known.Result.Value;
        }

        var answer = (Computed: now, Result: new Lazy<Answer>(() => Build(leaf, sent)));
        if (_answers.Count < MaxEntries || known.Result is not null)
        {
            // Concurrent handshakes with the same certificate share one chain build.
            answer = _answers.AddOrUpdate(key, answer, (_, current) => now - current.Computed < Lifetime ? current : answer);
        }

        return answer.Result.Value;
    }

    private Answer Build(X509Certificate2 leaf, X509Certificate2Collection sent)
    {
        var (valid, status) = BuildChain(leaf, sent);
        return new Answer(valid, status, CertificateIdentity.Of(leaf));
    }

    private (bool, IReadOnlyList<string>) BuildChain(X509Certificate2 leaf, X509Certificate2Collection sent)
    {
        System.Threading.Interlocked.Increment(ref _chainsBuilt);
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.RevocationFlag = X509RevocationFlag.ExcludeRoot;
        chain.ChainPolicy.ApplicationPolicy.Add(ServerAuthentication);
        chain.ChainPolicy.ExtraStore.AddRange(sent);
        try
        {
            bool valid = chain.Build(leaf);
            var status = TlsFacts.ChainProblems(chain);

            // As SslStream: a failed build that names no problem counts as valid.
            return (valid || status.Length == 0, status);
        }
        catch (CryptographicException e)
        {
            return (false, ["the chain could not be built: " + e.Message]);
        }
        finally
        {
            foreach (var element in chain.ChainElements)
            {
                element.Certificate.Dispose();
            }
        }
    }

    // SHA-256 over every certificate's bytes, in order: a different certificate or chain is a different answer.
    private static string Key(X509Certificate2 leaf, X509Certificate2Collection sent)
    {
        using var sha = SHA256.Create();
        var text = new StringBuilder(65 * (sent.Count + 1));
        foreach (var certificate in new[] { leaf }.Concat(sent.Cast<X509Certificate2>()))
        {
            text.Append(BitConverter.ToString(sha.ComputeHash(certificate.RawData))).Append('/');
        }

        return text.ToString();
    }

    private sealed class Answer(bool valid, IReadOnlyList<string> status, CertificateIdentity certificate)
    {
        public bool Valid { get; } = valid;

        public IReadOnlyList<string> Status { get; } = status;

        public CertificateIdentity Certificate { get; } = certificate;
    }
}
