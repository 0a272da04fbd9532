namespace AutoDiffGen.Tests.Autograd;

public class GraphExportTests
{
    [Fact]
    public void SmallGraphHasOpBoxesTensorShapesAndInputToOutputEdges()
    {
        var x = Tensor.FromArray(new double[] { 1, 2 }).RequiresGrad_();
        var w = Tensor.FromArray(new double[] { 3, 4 }).RequiresGrad_();
        var y = x * w + 1.0;
        var names = new Dictionary<Tensor, string> { [x] = "x", [w] = "w", [y] = "y" };

        const string Expected =
            "digraph g {\n" +
            "  t0 [label=\"y\\n[2] float64\", color=orange, style=filled];\n" +
            "  n0 [label=\"Add\", color=lightblue, style=filled, shape=box];\n" +
            "  n0 -> t0;\n" +
            "  t1 [label=\"[2] float64\", color=orange, style=filled];\n" +
            "  t1 -> n0;\n" +
            "  t2 [label=\"[] float64\", color=orange, style=filled];\n" +
            "  t2 -> n0;\n" +
            "  n1 [label=\"Mul\", color=lightblue, style=filled, shape=box];\n" +
            "  n1 -> t1;\n" +
            "  t3 [label=\"x\\n[2] float64\", color=orange, style=filled];\n" +
            "  t3 -> n1;\n" +
            "  t4 [label=\"w\\n[2] float64\", color=orange, style=filled];\n" +
            "  t4 -> n1;\n" +
            "}\n";
        Assert.Equal(Expected, y.ToDot(names));
    }

    [Fact]
    public void TensorNamesAreShownAndTheDictionaryOverridesThem()
    {
        var x = Tensor.FromArray(new double[] { 1, 2 }).RequiresGrad_();
        x.Name = "x";
        var w = Tensor.FromArray(new double[] { 3, 4 }).RequiresGrad_();
        w.Name = "w";
        var y = x * w;
        y.Name = "y";
        var dot = y.ToDot();
        Assert.Contains("[label=\"y\\n[2] float64\"", dot);
        Assert.Contains("[label=\"x\\n[2] float64\"", dot);
        Assert.Contains("[label=\"w\\n[2] float64\"", dot);
        Assert.Contains("[label=\"weight\\n[2] float64\"", y.ToDot(new Dictionary<Tensor, string> { [w] = "weight" }));
    }

    [Fact]
    public void SharedInputsAreDrawnOnceWithOneEdgePerUse()
    {
        var x = Tensor.FromArray(new float[] { 1 }).RequiresGrad_();
        var dot = GraphExport.ToDot((x * x).Sum());
        Assert.Equal(2, CountOccurrences(dot, "[label=\"[1] float32\""));
        Assert.Equal(2, CountOccurrences(dot, "t2 -> n1;"));
        Assert.Contains("n0 [label=\"Sum\"", dot);
    }

    [Fact]
    public void ALeafIsASingleNodeAndAFreedGraphIsAnError()
    {
        var x = Tensor.FromArray(new float[] { 1, 2, 3 }, 3, 1);
        Assert.Equal("digraph g {\n  t0 [label=\"[3, 1] float32\", color=orange, style=filled];\n}\n", x.ToDot());
        var y = (x.RequiresGrad_() * 2.0).Sum();
        y.Backward();
        Assert.Contains("retainGraph", Assert.Throws<InvalidOperationException>(() => y.ToDot()).Message);
    }

    private static int CountOccurrences(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
