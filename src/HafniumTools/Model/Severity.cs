namespace HafniumTools.Model;

/// <summary>How urgently a finding needs a human. Ordered: a larger value is more severe.</summary>
public enum Severity
{
    Informational = 0,
    Low = 1,
    Medium = 2,
    High = 3,
    Critical = 4,
}
