using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using HafniumTools.Core;
using HafniumTools.Model;

namespace HafniumTools.Builds;

/// <summary>
/// Reads and validates a build catalog document. Strict on purpose: an unknown field, a bad build, date, KB or
/// CVE, an update whose CU is missing, or a build outside its product is refused with an error naming the
/// entry and field, so a hand-edited newer catalog cannot silently change verdicts.
/// </summary>
internal static class BuildCatalogReader
{
    public const int SupportedSchemaVersion = 1;

    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);
    private static readonly Regex KbPattern = new(@"^KB[0-9]{6,7}$", RegexOptions.CultureInvariant, RegexTimeout);
    private static readonly Regex CvePattern = new(@"^(CVE-[0-9]{4}-[0-9]{4,7}|ADV[0-9]{6})$", RegexOptions.CultureInvariant, RegexTimeout);

    private static readonly HashSet<string> TopLevelFields = new(StringComparer.Ordinal)
    {
        "schemaVersion", "catalogVersion", "catalogDate", "description", "fieldNotes", "sources", "sourcePrecedence",
        "products", "decisions", "entries",
    };

    private static readonly HashSet<string> ProductFields = new(StringComparer.Ordinal)
    {
        "id", "name", "versionFrom", "versionTo", "servicingLineParts", "endOfSupport", "proxyLogonCves", "inheritsFrom", "note",
    };

    private static readonly HashSet<string> EntryFields = new(StringComparer.Ordinal)
    {
        "name", "product", "kind", "cumulativeUpdate", "update", "build", "releaseDate", "releaseMonth", "kb", "cves",
        "cvesSource", "includesEarlierUpdates", "sources", "note",
    };

    public static BuildCatalog Read(string json, string sourceName)
    {
        JsonValue root;
        try
        {
            root = JsonParser.Parse(json);
        }
        catch (JsonParseException e)
        {
            throw new BuildCatalogException(sourceName, null, e.Path, $"not well-formed JSON (line {e.Line}, column {e.Column}): {e.Reason}");
        }

        var context = new Context(sourceName);
        if (root.Kind != JsonKind.Object)
        {
            throw context.Fail(null, null, "the document must be a JSON object");
        }

        CheckFields(context, root, TopLevelFields, null);
        int schema = ReadSchemaVersion(context, root);
        string version = RequiredString(context, root, "catalogVersion", null);
        DateTime date = ParseDate(context, RequiredString(context, root, "catalogDate", null), "catalogDate", null);
        var sources = root["sources"];
        if (sources is null || sources.Kind != JsonKind.Object || sources.Properties.Count == 0)
        {
            throw context.Fail(null, "sources", "a non-empty object mapping source keys to their descriptions is required");
        }

        var sourceKeys = new HashSet<string>(sources.Properties.Select(p => p.Key), StringComparer.Ordinal);
        var products = ReadProducts(context, root);
        var entries = ReadEntries(context, root, products, sourceKeys, version);
        return new BuildCatalog(schema, version, date, sourceName, products, entries);
    }

    private static int ReadSchemaVersion(Context context, JsonValue root)
    {
        var value = root["schemaVersion"];
        if (value is null || !value.TryGetInt32(out int schema))
        {
            throw context.Fail(null, "schemaVersion", "an integer schema version is required");
        }

        if (schema != SupportedSchemaVersion)
        {
            throw context.Fail(null, "schemaVersion", $"schema version {schema} is not supported by this module (it reads version {SupportedSchemaVersion}); update HafniumTools");
        }

        return schema;
    }

    private static List<CatalogProduct> ReadProducts(Context context, JsonValue root)
    {
        var array = root["products"];
        if (array is null || array.Kind != JsonKind.Array || array.Items.Count == 0)
        {
            throw context.Fail(null, "products", "a non-empty array of products is required");
        }

        var products = new List<CatalogProduct>();
        for (int i = 0; i < array.Items.Count; i++)
        {
            var item = array.Items[i];
            string where = $"products[{i.ToString(CultureInfo.InvariantCulture)}]";
            if (item.Kind != JsonKind.Object)
            {
                throw context.Fail(where, null, "must be an object");
            }

            string id = RequiredString(context, item, "id", where);
            where += $" '{id}'";
            CheckFields(context, item, ProductFields, where);
            var from = ParseRangeVersion(context, item, "versionFrom", where);
            var to = ParseRangeVersion(context, item, "versionTo", where);
            if (from >= to)
            {
                throw context.Fail(where, "versionTo", $"{to} must be greater than versionFrom {from}");
            }

            var lineParts = item["servicingLineParts"];
            if (lineParts is null || !lineParts.TryGetInt32(out int parts) || parts is not (2 or 3))
            {
                throw context.Fail(where, "servicingLineParts", "must be 2 (service packs) or 3 (cumulative updates)");
            }

            string? endText = OptionalString(context, item, "endOfSupport", where);
            var product = new CatalogProduct
            {
                Id = id,
                Name = RequiredString(context, item, "name", where),
                VersionFrom = from,
                VersionTo = to,
                ServicingLineParts = parts,
                EndOfSupport = endText is null ? null : ParseDate(context, endText, "endOfSupport", where),
                ProxyLogonCves = ReadCves(context, item, "proxyLogonCves", where),
                InheritsFrom = OptionalString(context, item, "inheritsFrom", where),
                Note = OptionalString(context, item, "note", where),
            };

            foreach (var other in products)
            {
                if (string.Equals(other.Id, id, StringComparison.OrdinalIgnoreCase))
                {
                    throw context.Fail(where, "id", $"duplicate product id '{id}'");
                }

                if (from < other.VersionTo && other.VersionFrom < to)
                {
                    throw context.Fail(where, "versionFrom", $"range {from}-{to} overlaps product '{other.Id}'");
                }
            }

            products.Add(product);
        }

        foreach (var product in products)
        {
            if (product.InheritsFrom is not null && !products.Any(p => p.Id == product.InheritsFrom && p != product))
            {
                throw context.Fail($"product '{product.Id}'", "inheritsFrom", $"'{product.InheritsFrom}' is not another product of the catalog");
            }
        }

        return products;
    }

    private static List<BuildCatalogEntry> ReadEntries(Context context, JsonValue root, List<CatalogProduct> products, HashSet<string> sourceKeys, string catalogVersion)
    {
        var array = root["entries"];
        if (array is null || array.Kind != JsonKind.Array || array.Items.Count == 0)
        {
            throw context.Fail(null, "entries", "a non-empty array of entries is required");
        }

        var entries = new List<BuildCatalogEntry>(array.Items.Count);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < array.Items.Count; i++)
        {
            var item = array.Items[i];
            string where = $"entries[{i.ToString(CultureInfo.InvariantCulture)}]";
            if (item.Kind != JsonKind.Object)
            {
                throw context.Fail(where, null, "must be an object");
            }

            var nameValue = item["name"];
            if (nameValue?.AsString is { Length: > 0 } name)
            {
                where += $" '{name}'";
            }

            entries.Add(ReadEntry(context, item, where, products, sourceKeys, catalogVersion));
            if (!names.Add(entries[entries.Count - 1].Name))
            {
                throw context.Fail(where, "name", "another entry has the same name");
            }
        }

        CheckServicingLines(context, entries, products);
        return entries;
    }

    private static BuildCatalogEntry ReadEntry(Context context, JsonValue item, string where, List<CatalogProduct> products, HashSet<string> sourceKeys, string catalogVersion)
    {
        CheckFields(context, item, EntryFields, where);
        string name = RequiredString(context, item, "name", where);
        string productId = RequiredString(context, item, "product", where);
        var product = products.FirstOrDefault(p => p.Id == productId)
            ?? throw context.Fail(where, "product", $"'{productId}' is not one of the catalog's products ({string.Join(", ", products.Select(p => p.Id))})");

        string kindText = RequiredString(context, item, "kind", where);
        if (!Enum.TryParse(kindText, false, out BuildEntryKind kind) || !Enum.IsDefined(typeof(BuildEntryKind), kind) || int.TryParse(kindText, out _))
        {
            throw context.Fail(where, "kind", $"'{kindText}' is not one of {string.Join(", ", Enum.GetNames(typeof(BuildEntryKind)))}");
        }

        string line = RequiredString(context, item, "cumulativeUpdate", where);
        string? update = OptionalString(context, item, "update", where);
        bool isBaseline = kind is BuildEntryKind.CumulativeUpdate or BuildEntryKind.ServicePack;
        if (isBaseline && update is not null)
        {
            throw context.Fail(where, "update", $"a {kind} starts a servicing line and has no update name");
        }

        if (!isBaseline && update is null)
        {
            throw context.Fail(where, "update", $"a {kind} needs its short update name (e.g. Mar21SU)");
        }

        string buildText = RequiredString(context, item, "build", where);
        if (!ExchangeBuildText.TryParse(buildText, out var parsed, out string? reason) || parsed.IsAdminDisplayVersion)
        {
            throw context.Fail(where, "build", $"'{buildText}' is not a build: {reason ?? "use the dotted form"}");
        }

        if (!parsed.HasRevision)
        {
            throw context.Fail(where, "build", $"'{buildText}' must have four parts (major.minor.build.revision)");
        }

        if (!product.Contains(parsed.Version))
        {
            throw context.Fail(where, "build", $"{parsed.Version} is outside {product.Id} ({product.VersionFrom} to {product.VersionTo})");
        }

        string? dateText = OptionalString(context, item, "releaseDate", where);
        string? monthText = OptionalString(context, item, "releaseMonth", where);
        DateTime? releaseDate = dateText is null ? null : ParseDate(context, dateText, "releaseDate", where);
        DateTime effective;
        if (releaseDate is not null)
        {
            effective = releaseDate.Value;
            monthText = effective.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        }
        else if (monthText is not null)
        {
            effective = ParseDate(context, monthText + "-01", "releaseMonth", where);
        }
        else
        {
            throw context.Fail(where, "releaseDate", "a release date (yyyy-MM-dd) or at least a releaseMonth (yyyy-MM) is required");
        }

        string? kb = OptionalString(context, item, "kb", where);
        if (kb is not null && !KbPattern.IsMatch(kb))
        {
            throw context.Fail(where, "kb", $"'{kb}' is not a KB number like KB5000871");
        }

        var includesEarlier = item["includesEarlierUpdates"];
        if (includesEarlier is not null && includesEarlier.Kind != JsonKind.Boolean)
        {
            throw context.Fail(where, "includesEarlierUpdates", $"must be true or false, not {includesEarlier.Describe()}");
        }

        string[] sources = ReadStrings(context, item, "sources", where);
        if (sources.Length == 0)
        {
            throw context.Fail(where, "sources", "at least one source is required");
        }

        foreach (string source in sources)
        {
            if (!sourceKeys.Contains(source))
            {
                throw context.Fail(where, "sources", $"'{source}' is not a key of the catalog's sources table");
            }
        }

        string[] cves = ReadCves(context, item, "cves", where);
        string[] proxyLogon = product.ProxyLogonCvesNoCopy;
        return new BuildCatalogEntry
        {
            Product = product.Id,
            ProductName = product.Name,
            Name = name,
            Kind = kind,
            CumulativeUpdate = line,
            Update = update,
            Build = parsed.Version,
            ReleaseDate = releaseDate,
            ReleaseMonth = monthText!,
            EffectiveDate = effective,
            Kb = kb,
            Cves = new TextList(cves),
            FixesProxyLogon = proxyLogon.Length > 0 && proxyLogon.All(c => Array.IndexOf(cves, c) >= 0),
            IncludesEarlierUpdates = includesEarlier?.AsBoolean ?? true,
            EndOfSupport = product.EndOfSupport,
            Sources = new TextList(sources),
            CveSource = OptionalString(context, item, "cvesSource", where),
            Note = OptionalString(context, item, "note", where),
            CatalogVersion = catalogVersion,
        };
    }

    private static void CheckServicingLines(Context context, List<BuildCatalogEntry> entries, List<CatalogProduct> products)
    {
        for (int i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (entry.Kind is BuildEntryKind.CumulativeUpdate or BuildEntryKind.ServicePack)
            {
                continue;
            }

            var product = products.First(p => p.Id == entry.Product);
            var baseline = entries.FirstOrDefault(e => e.Product == entry.Product
                && e.CumulativeUpdate == entry.CumulativeUpdate
                && e.Kind is BuildEntryKind.CumulativeUpdate or BuildEntryKind.ServicePack);
            string where = $"entries[{i.ToString(CultureInfo.InvariantCulture)}] '{entry.Name}'";
            if (baseline is null)
            {
                throw context.Fail(where, "cumulativeUpdate", $"no {entry.Product} entry starts the servicing line '{entry.CumulativeUpdate}'");
            }

            if (!ServicingLine.SameKey(baseline.Build, entry.Build, product.ServicingLineParts))
            {
                throw context.Fail(where, "build", $"{entry.Build} is not on {baseline.Name} ({baseline.Build})");
            }

            if (entry.Build < baseline.Build)
            {
                throw context.Fail(where, "build", $"{entry.Build} is lower than its line's {baseline.Name} ({baseline.Build})");
            }
        }
    }

    private static void CheckFields(Context context, JsonValue item, HashSet<string> allowed, string? where)
    {
        foreach (var property in item.Properties)
        {
            if (!allowed.Contains(property.Key))
            {
                throw context.Fail(where, property.Key, "unknown field (check the spelling; allowed: " + string.Join(", ", allowed) + ")");
            }
        }
    }

    private static string RequiredString(Context context, JsonValue item, string field, string? where)
    {
        var value = item[field];
        if (value?.AsString is not { } text || text.Trim().Length == 0)
        {
            throw context.Fail(where, field, value is null ? "is required" : $"must be a non-empty string, not {value.Describe()}");
        }

        return text.Trim();
    }

    private static string? OptionalString(Context context, JsonValue item, string field, string? where)
    {
        var value = item[field];
        if (value is null || value.IsNull)
        {
            return null;
        }

        if (value.Kind != JsonKind.String)
        {
            throw context.Fail(where, field, $"must be a string, not {value.Describe()}");
        }

        string text = value.AsString!.Trim();
        return text.Length == 0 ? null : text;
    }

    private static string[] ReadStrings(Context context, JsonValue item, string field, string? where)
    {
        var value = item[field];
        if (value is null || value.IsNull)
        {
            return [];
        }

        if (value.Kind != JsonKind.Array)
        {
            throw context.Fail(where, field, $"must be an array of strings, not {value.Describe()}");
        }

        var result = new string[value.Items.Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = value.Items[i].AsString?.Trim() is { Length: > 0 } s
                ? s
                : throw context.Fail(where, field, $"element {i} must be a non-empty string, not {value.Items[i].Describe()}");
        }

        return result;
    }

    private static string[] ReadCves(Context context, JsonValue item, string field, string? where)
    {
        string[] cves = ReadStrings(context, item, field, where);
        foreach (string cve in cves)
        {
            if (!CvePattern.IsMatch(cve))
            {
                throw context.Fail(where, field, $"'{cve}' is not a CVE id like CVE-2021-26855 (or an ADV advisory id)");
            }
        }

        if (cves.Distinct(StringComparer.Ordinal).Count() != cves.Length)
        {
            throw context.Fail(where, field, "lists a CVE twice");
        }

        return cves;
    }

    private static Version ParseRangeVersion(Context context, JsonValue item, string field, string where)
    {
        string text = RequiredString(context, item, field, where);
        if (!ExchangeBuildText.TryParse(text, out var parsed, out string? reason) || parsed.IsAdminDisplayVersion || !parsed.HasRevision)
        {
            throw context.Fail(where, field, $"'{text}' is not a four-part version: {reason ?? "use major.minor.build.revision"}");
        }

        return parsed.Version;
    }

    private static DateTime ParseDate(Context context, string text, string field, string? where)
    {
        if (!DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTime date))
        {
            throw context.Fail(where, field, $"'{text}' is not a date in the form yyyy-MM-dd");
        }

        return DateTime.SpecifyKind(date, DateTimeKind.Utc);
    }

    private sealed class Context(string sourceName)
    {
        public BuildCatalogException Fail(string? where, string? field, string problem) =>
            new(sourceName, where, field, problem);
    }
}
