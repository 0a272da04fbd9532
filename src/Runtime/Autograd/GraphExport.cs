using System.Globalization;
using System.Text;

namespace AutoDiffGen;

/// <summary>
/// Writes the recorded graph behind a tensor in Graphviz DOT, as DeZero's <c>plot_dot_graph</c>: tensors are orange
/// ellipses labelled with an optional name, their shape and dtype; operations are light-blue boxes labelled with the
/// op's name; edges run input → op → output. Render with <c>dot -Tpng graph.dot -o graph.png</c>.
/// </summary>
public static class GraphExport
{
    /// <summary>
    /// The DOT text of the graph that produced <paramref name="output"/>. Call it before <see cref="Tensor.Backward"/>
    /// (or after one with <c>retainGraph: true</c>): backward frees the graph.
    /// </summary>
    /// <param name="output">The tensor whose history to draw; a leaf gives a one-node graph.</param>
    /// <param name="names">Optional display names for some tensors (looked up by reference); they override <see cref="Tensor.Name"/>.</param>
    public static string ToDot(Tensor output, IReadOnlyDictionary<Tensor, string>? names = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        var tensorIds = new Dictionary<Tensor, int>(ReferenceEqualityComparer.Instance);
        var queue = new Queue<Tensor>();
        var dot = new StringBuilder();
        dot.Append("digraph g {\n");

        int Visit(Tensor t)
        {
            if (!tensorIds.TryGetValue(t, out var id))
            {
                id = tensorIds.Count;
                tensorIds.Add(t, id);
                dot.Append(CultureInfo.InvariantCulture, $"  t{id} [label=\"{Escape(TensorLabel(t, names))}\", color=orange, style=filled];\n");
                queue.Enqueue(t);
            }

            return id;
        }

        // Breadth-first from the output, each tensor drawn once, so the text is deterministic and shared inputs appear once.
        Visit(output);
        var nodeCount = 0;
        while (queue.Count > 0)
        {
            var tensor = queue.Dequeue();
            if (tensor.GradFn is not { } node)
            {
                continue;
            }

            var nodeId = nodeCount++;
            dot.Append(CultureInfo.InvariantCulture, $"  n{nodeId} [label=\"{Escape(node.Name)}\", color=lightblue, style=filled, shape=box];\n");
            dot.Append(CultureInfo.InvariantCulture, $"  n{nodeId} -> t{tensorIds[tensor]};\n");
            foreach (var input in node.Inputs)
            {
                var inputId = Visit(input);
                dot.Append(CultureInfo.InvariantCulture, $"  t{inputId} -> n{nodeId};\n");
            }
        }

        return dot.Append("}\n").ToString();
    }

    private static string TensorLabel(Tensor t, IReadOnlyDictionary<Tensor, string>? names)
    {
        var description = $"{t.Shape} {t.DType.ToString().ToLowerInvariant()}";
        var name = names is not null && names.TryGetValue(t, out var given) ? given : t.Name;
        return name is not null ? $"{name}\n{description}" : description;
    }

    private static string Escape(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("\"", "\\\"", StringComparison.Ordinal)
        .Replace("\n", "\\n", StringComparison.Ordinal);
}
