namespace AutoDiffGen.Bench.Elementwise;

/// <summary>Memory traffic of one benchmarked operation per element: bytes read plus bytes written.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BytesPerElementAttribute(int bytes) : Attribute
{
    /// <summary>Bytes moved per element.</summary>
    public int Bytes { get; } = bytes;
}
