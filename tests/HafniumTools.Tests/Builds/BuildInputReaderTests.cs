using System;
using System.Collections.Generic;
using System.Linq;
using HafniumTools.Builds;
using HafniumTools.Core;
using Xunit;

namespace HafniumTools.Tests.Builds;

/// <summary>The core reader: every input form into one reading (observation, no build, invalid), without PowerShell.</summary>
public class BuildInputReaderTests
{
    private static readonly BuildInputReader Reader = new(BuildCatalog.Embedded);

    [Theory]
    [InlineData("15.01.2176.009", BuildVersionSource.Text, "15.1.2176.9")]
    [InlineData("Version 15.1 (Build 2176.2)", BuildVersionSource.AdminDisplayVersion, "15.1.2176.2")]
    [InlineData("AdminDisplayVersion : Version 15.1 (Build 2176.2)", BuildVersionSource.AdminDisplayVersion, "15.1.2176.2")]
    [InlineData("Build Number: 15.02.1118.022", BuildVersionSource.Text, "15.2.1118.22")]
    [InlineData("Version: Exchange 2019 CU12 Mar23SU", BuildVersionSource.Text, "15.2.1118.26")]
    public void Text_becomes_one_observation_with_its_source_and_text(string text, BuildVersionSource source, string version)
    {
        var observation = Observed(Reader.Read("  " + text + " ", "EX01"));
        Assert.Equal(source, observation.Source);
        Assert.Equal(Version.Parse(version), observation.Version);
        Assert.Equal(text, observation.InputText);
        Assert.Equal("EX01", observation.ComputerName);
    }

    [Fact]
    public void A_Version_and_plain_objects_are_read_too()
    {
        var fromVersion = Observed(Reader.Read(new Version(15, 2, 792, 10)));
        Assert.Equal(BuildVersionSource.SystemVersion, fromVersion.Source);
        Assert.Equal("15.2.792.10", fromVersion.InputText);

        var fromText = Observed(Reader.Read(new Uri("http://15.1.2176.9/"), null));
        Assert.Equal(new Version(15, 1, 2176, 9), fromText.Version);
    }

    [Fact]
    public void An_Exchange_server_object_is_read_from_AdminDisplayVersion_only()
    {
        var server = new FakeInput(
            ["Microsoft.Exchange.Data.Directory.Management.ExchangeServer"],
            ("Fqdn", "EX10.contoso.com"),
            ("Version", 42),
            ("AdminDisplayVersion", new FakeInput([], ("Major", 15), ("Minor", 2), ("Build", 1118), ("Revision", 7))));

        var observation = Observed(Reader.Read(server));
        Assert.Equal(BuildVersionSource.AdminDisplayVersion, observation.Source);
        Assert.Equal(new Version(15, 2, 1118, 7), observation.Version);
        Assert.Equal("EX10.contoso.com", observation.ComputerName);
        Assert.False(observation.ShowsSecurityUpdates(BuildCatalog.Embedded.FindProduct(observation.Version)));
    }

    [Fact]
    public void Declared_source_and_declared_blindness_are_carried()
    {
        var remote = Observed(Reader.Read(new FakeInput([], ("ComputerName", "mail.contoso.com"), ("Version", "15.1.2176.9"), ("VersionSource", "Remote"), ("SecurityUpdatesVisible", false))));
        Assert.Equal(BuildVersionSource.Remote, remote.Source);
        Assert.True(remote.DeclaredBlind);
        Assert.False(remote.ShowsSecurityUpdates(BuildCatalog.Embedded.FindProduct(remote.Version)));

        var numericSource = Observed(Reader.Read(new FakeInput([], ("FileVersion", "15.01.2176.009"), ("VersionSource", "2"))));
        Assert.Equal(BuildVersionSource.FileVersion, numericSource.Source); // a number is no declared source
    }

    [Fact]
    public void FileVersionInfo_like_objects_read_their_parts_or_their_text()
    {
        var parts = Observed(Reader.Read(new FakeInput(
            ["Deserialized.System.Diagnostics.FileVersionInfo"],
            ("FileMajorPart", 15), ("FileMinorPart", 1), ("FileBuildPart", 2176), ("FilePrivatePart", 9), ("FileVersion", "15.01.2176.009"), ("FileName", "ExSetup.exe"))));
        Assert.Equal((BuildVersionSource.FileVersion, "15.01.2176.009"), (parts.Source, parts.InputText));

        var none = Reader.Read(new FakeInput(["System.Diagnostics.FileVersionInfo"], ("FileName", "/tmp/readme.txt")));
        Assert.True(none.IsNoBuild);
        Assert.Equal("the file /tmp/readme.txt has no version information", none.Reason);

        var item = Observed(Reader.Read(new FakeInput(["System.IO.FileInfo"], ("Name", "ExSetup.exe"), ("VersionInfo", new Version(15, 2, 1118, 40))), "EX02"));
        Assert.Equal("EX02", item.ComputerName); // the file's Name is not a server
    }

    [Fact]
    public void No_build_and_invalid_builds_are_told_apart_with_the_property_at_fault()
    {
        var none = Reader.Read(new FakeInput([], ("ComputerName", "EX09")));
        Assert.Null(none.Observation);
        Assert.True(none.IsNoBuild);

        var invalid = Reader.Read(new FakeInput([], ("ComputerName", "EX09"), ("Build", "15,1,2176,9")));
        Assert.False(invalid.IsNoBuild);
        Assert.StartsWith("its Build property: '15,1,2176,9' uses ','", invalid.Reason, StringComparison.Ordinal);

        Assert.True(Reader.Read(null).IsNoBuild);
        Assert.False(Reader.Read("n/a").IsNoBuild);
    }

    [Fact]
    public void A_refused_reading_becomes_the_per_item_error_with_the_shared_ids()
    {
        var invalid = Reader.Read("Name: EX01").ToProblem("Name: EX01", "Name: EX01");
        Assert.Equal(ErrorIds.InvalidExchangeBuild, invalid.ErrorId);
        Assert.Equal(ProblemCategory.InvalidArgument, invalid.Category);
        Assert.StartsWith("'Name: EX01' is not an Exchange build: the line holds no Exchange build", invalid.Message, StringComparison.Ordinal);
        Assert.IsType<ArgumentException>(invalid.Exception);

        var none = Reader.Read(new FakeInput([])).ToProblem(null, string.Empty);
        Assert.Equal(ErrorIds.NoBuildOnInput, none.ErrorId);
        Assert.Contains(BuildReading.Expected, none.Message, StringComparison.Ordinal);

        Assert.Throws<InvalidOperationException>(() => Reader.Read("15.1.2176.9").ToProblem(null, string.Empty));
    }

    /// <summary>Security-update visibility, decided in BuildObservation.ShowsSecurityUpdates and nowhere else.</summary>
    [Theory]
    [InlineData("15.1.2176.9", BuildVersionSource.Text, false, true)]
    [InlineData("15.1.2176", BuildVersionSource.Text, false, false)]
    [InlineData("15.1.2176.9", BuildVersionSource.AdminDisplayVersion, false, false)]
    [InlineData("15.1.2176.9", BuildVersionSource.Remote, true, false)]
    [InlineData("14.3.513", BuildVersionSource.Text, false, true)] // Exchange 2010: a rollup changes the build number
    [InlineData("14.3.513.0", BuildVersionSource.FileVersion, false, true)]
    [InlineData("14.3.123.4", BuildVersionSource.AdminDisplayVersion, false, false)]
    [InlineData("14.3.513", BuildVersionSource.Remote, true, false)]
    [InlineData("8.3.485", BuildVersionSource.Text, false, false)]
    [InlineData("1.2.3.4", BuildVersionSource.Text, false, true)]
    public void Security_updates_are_visible_by_one_rule(string version, BuildVersionSource source, bool blind, bool visible)
    {
        var observation = new BuildObservation(Version.Parse(version), source, declaredBlind: blind);
        var product = BuildCatalog.Embedded.FindProduct(Version.Parse(version));
        Assert.Equal(visible, observation.ShowsSecurityUpdates(product));

        var audit = new BuildAuditor(BuildCatalog.Embedded, BuildAuditorTests.AsOf).Audit(observation);
        Assert.Equal(visible, audit.SecurityUpdatesVisible);
    }

    [Fact]
    public void The_observation_is_never_rebuilt_an_Exchange_2010_build_is_judged_as_its_full_build()
    {
        var observation = BuildAuditorTests.Observe("14.3.513");
        var audit = BuildAuditorTests.Auditor.Audit(observation);

        Assert.Equal(new Version(14, 3, 513), observation.Version);
        Assert.Equal(new Version(14, 3, 513, 0), audit.Version);
        Assert.True(audit.SecurityUpdatesVisible);
        Assert.Equal(ProxyLogonStatus.Patched, audit.ProxyLogonStatus);
        Assert.Equal("14.3.513", audit.Input);
    }

    private static BuildObservation Observed(BuildReading reading)
    {
        Assert.True(reading.Observation is not null, reading.Reason);
        return reading.Observation!;
    }

    /// <summary>An input object as the cmdlet's adapter shows one: named values and type names.</summary>
    private sealed class FakeInput : IInputObject
    {
        private readonly Dictionary<string, object> _values;
        private readonly string[] _types;

        public FakeInput(string[] types, params (string Name, object Value)[] values)
        {
            _types = types;
            _values = values.ToDictionary(v => v.Name, v => v.Value, StringComparer.OrdinalIgnoreCase);
        }

        public bool IsPropertyBag => true;

        public string Text => "@{" + string.Join("; ", _values.Select(v => v.Key + "=" + v.Value)) + "}";

        public object? Get(string name) => _values.TryGetValue(name, out var value) ? value : null;

        public bool IsOfType(string suffix) => _types.Any(t => t.EndsWith(suffix, StringComparison.Ordinal));
    }
}
