namespace AutoDiffGen.Bench.Sequence;

/// <summary>The recurrent shapes of issue 14: PyTorch's fastrnns default and a small one.</summary>
public static class SequenceShapes
{
    /// <summary>"steps/batch/input/hidden" names of the shapes.</summary>
    public static IEnumerable<string> Recurrent => ["25/16/128/128", "100/64/512/512"];

    /// <summary>Parses "steps/batch/input/hidden".</summary>
    public static (int Steps, int Batch, int Input, int Hidden) Parse(string shape)
    {
        var p = shape.Split('/').Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return (p[0], p[1], p[2], p[3]);
    }
}
