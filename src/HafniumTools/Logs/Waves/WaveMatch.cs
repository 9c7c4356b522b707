namespace HafniumTools.Logs.Waves;

/// <summary>A request the judge recognised: what it was, how far it got, and what to tell the reader.</summary>
internal sealed record WaveMatch(WaveShape Shape, WaveGrade Grade, string Detail);
