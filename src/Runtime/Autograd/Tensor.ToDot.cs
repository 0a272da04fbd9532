namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>The Graphviz DOT text of the graph that produced this tensor; see <see cref="GraphExport.ToDot"/>.</summary>
    public string ToDot(IReadOnlyDictionary<Tensor, string>? names = null) => GraphExport.ToDot(this, names);
}
