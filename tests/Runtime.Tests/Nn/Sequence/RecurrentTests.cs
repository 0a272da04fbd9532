using AutoDiffGen.Nn;

namespace AutoDiffGen.Tests.Nn.Sequence;

/// <summary>
/// The recurrent layers and cells: the generated gate nodes pass float64 GradCheck, whole layers pass it through every
/// option, calls read as in PyTorch, and bad shapes get errors naming the layer, the shapes and what was expected.
/// </summary>
public class RecurrentTests
{
    private static Tensor Randn(int seed, params int[] shape) => Tensor.Randn(new Shape(shape), DType.Float64, new Generator(seed)).RequiresGrad_();

    public static TheoryData<string> CellNodes => new() { "LstmCellState", "LstmCellOutput", "GruCellOutput" };

    [Theory]
    [MemberData(nameof(CellNodes))]
    public void GateArithmetic_IsOneGeneratedNode_PassingGradCheck(string name)
    {
        var inputs = Enumerable.Range(0, 7).Select(i => Randn(20 + i, 3, 4)).ToArray();
        Func<Tensor[], Tensor> function = name switch
        {
            "LstmCellState" => t => Composites.LstmCellStateNode(t[0], t[1], t[2], t[3]),
            "LstmCellOutput" => t => Composites.LstmCellOutputNode(t[0], t[1]),
            _ => t => Composites.GruCellOutputNode(t[0], t[1], t[2], t[3], t[4], t[5], t[6]),
        };

        var output = function(inputs);
        Assert.Equal(name, output.GradFn!.Name);
        GradCheck.Check(function, inputs);
    }

    public static TheoryData<string, bool, bool> Layers()
    {
        var data = new TheoryData<string, bool, bool>();
        foreach (var mode in new[] { "lstm", "lstm_proj", "gru", "rnn_tanh", "rnn_relu" })
        {
            data.Add(mode, false, false);
            data.Add(mode, true, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void TwoLayerLayer_PassesGradCheck(string mode, bool bidirectional, bool variableLengths)
    {
        var generator = new Generator(3);
        RNNBase layer = mode switch
        {
            "lstm" => new LSTM(3, 4, numLayers: 2, bidirectional: bidirectional, dtype: DType.Float64, generator: generator),
            "lstm_proj" => new LSTM(3, 4, numLayers: 2, bidirectional: bidirectional, projSize: 2, dtype: DType.Float64, generator: generator),
            "gru" => new GRU(3, 4, numLayers: 2, bidirectional: bidirectional, dtype: DType.Float64, generator: generator),
            _ => new RNN(3, 4, numLayers: 2, nonlinearity: mode == "rnn_relu" ? RNNNonlinearity.Relu : RNNNonlinearity.Tanh,
                bidirectional: bidirectional, dtype: DType.Float64, generator: generator),
        };
        int[]? lengths = variableLengths ? [4, 2] : null;
        var parameters = layer.Parameters().ToArray();
        var inputs = new[] { Randn(5, 4, 2, 3) }.Concat(parameters).ToArray();
        GradCheck.Check(t => Run(layer, t[0], lengths), inputs);
    }

    private static Tensor Run(RNNBase layer, Tensor x, int[]? lengths) => layer switch
    {
        LSTM lstm => Summary(lstm.Call(x, null, lengths)),
        GRU gru => Summary(gru.Call(x, null, lengths)),
        RNN rnn => Summary(rnn.Call(x, null, lengths)),
        _ => throw new ArgumentException(layer.GetType().Name),
    };

    private static Tensor Summary((Tensor Output, (Tensor H, Tensor C) State) r) => Tensor.Concat([r.Output.Reshape(-1), r.State.H.Reshape(-1), r.State.C.Reshape(-1)]);

    private static Tensor Summary((Tensor Output, Tensor HN) r) => Tensor.Concat([r.Output.Reshape(-1), r.HN.Reshape(-1)]);

    [Fact]
    public void Lstm_CallReadsAsInPyTorch_AndGivesPyTorchsShapes()
    {
        var lstm = new LSTM(10, 20, numLayers: 2, bidirectional: true, batchFirst: true);
        var x = Tensor.Randn(3, 5, 10);
        var (output, (h, c)) = lstm.Call(x, (Tensor.Zeros(4, 3, 20), Tensor.Zeros(4, 3, 20)));
        Assert.Equal(new Shape(3, 5, 40), output.Shape);
        Assert.Equal(new Shape(4, 3, 20), h.Shape);
        Assert.Equal(new Shape(4, 3, 20), c.Shape);
        Assert.Equal(
            ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse",
             "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1", "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse", "bias_hh_l1_reverse"],
            lstm.NamedParameters().Select(p => p.Name));
        Assert.Equal(new Shape(80, 40), lstm.NamedParameters().Single(p => p.Name == "weight_ih_l1").Parameter.Shape);

        var (unbatched, (hu, cu)) = lstm.Call(Tensor.Randn(5, 10));
        Assert.Equal(new Shape(5, 40), unbatched.Shape);
        Assert.Equal(new Shape(4, 20), hu.Shape);
        Assert.Equal(new Shape(4, 20), cu.Shape);
    }

    [Fact]
    public void DefaultInitialisation_IsUniformWithinOneOverRootHidden()
    {
        var gru = new GRU(8, 16, generator: new Generator(1));
        var bound = 1 / Math.Sqrt(16);
        foreach (var p in gru.Parameters())
        {
            var values = p.ToDoubleArray();
            Assert.All(values, v => Assert.InRange(v, -bound, bound));
            Assert.True(values.Max() > 0.8 * bound && values.Min() < -0.8 * bound, "draws should span the interval");
        }
    }

    [Fact]
    public void RecurrentLayers_ComposeWithSequential_WhereOneTensorFlows()
    {
        var model = new Sequential(new GRU(3, 5, batchFirst: true), new Linear(5, 2));
        Assert.Equal(new Shape(4, 6, 2), model.Call(Tensor.Randn(4, 6, 3)).Shape);
    }

    [Fact]
    public void VariableLengths_FinalStateIsAtEachSequencesOwnLength_AndOutputsPastItAreZero()
    {
        var rnn = new RNN(2, 3, dtype: DType.Float64, generator: new Generator(4));
        var x = Tensor.Randn(new Shape(5, 2, 2), DType.Float64, new Generator(5));
        var (output, hN) = rnn.Call(x, lengths: [5, 3]);
        var (shortOutput, shortH) = rnn.Call(x.Narrow(0, 0, 3).Narrow(1, 1, 1));

        // The batch of two and the batch of one run different GEMM tiles, so the last bits may differ.
        AssertClose(shortH.ToArray<double>(), hN.Narrow(1, 1, 1).ToArray<double>());
        AssertClose(shortOutput.ToArray<double>(), output.Narrow(0, 0, 3).Narrow(1, 1, 1).ToArray<double>());
        Assert.All(output.Narrow(0, 3, 2).Narrow(1, 1, 1).ToArray<double>(), v => Assert.Equal(0.0, v));
    }

    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 1e-12);
        }
    }

    [Fact]
    public void DropoutBetweenLayers_AppliesInTrainingOnly_AndNotAfterTheLastLayer()
    {
        var x = Tensor.Randn(new Shape(4, 2, 3), DType.Float64, new Generator(6));
        var stacked = new GRU(3, 5, numLayers: 2, dropout: 0.5, dtype: DType.Float64, generator: new Generator(7)) { DropoutGenerator = new Generator(8) };
        stacked.Eval();
        var evaluated = stacked.Call(x).Output.ToArray<double>();
        Assert.Equal(evaluated, stacked.Call(x).Output.ToArray<double>());
        stacked.Train();
        Assert.NotEqual(evaluated, stacked.Call(x).Output.ToArray<double>());

        // One layer: nothing lies between layers, so training mode changes nothing.
        var single = new GRU(3, 5, dropout: 0.5, dtype: DType.Float64, generator: new Generator(7));
        single.Eval();
        var singleEvaluated = single.Call(x).Output.ToArray<double>();
        single.Train();
        Assert.Equal(singleEvaluated, single.Call(x).Output.ToArray<double>());
    }

    [Fact]
    public void Cells_StepLikeTheLayers()
    {
        var cell = new LSTMCell(3, 4, generator: new Generator(2));
        var (h, c) = cell.Call(Tensor.Randn(2, 3));
        (h, c) = cell.Call(Tensor.Randn(2, 3), (h, c));
        Assert.Equal(new Shape(2, 4), h.Shape);
        Assert.Equal(new Shape(2, 4), c.Shape);
        Assert.Equal(new Shape(4), new GRUCell(3, 4).Call(Tensor.Randn(3)).Shape);
        Assert.Equal(new Shape(2, 4), new RNNCell(3, 4, nonlinearity: RNNNonlinearity.Relu).Call(Tensor.Randn(2, 3), Tensor.Zeros(2, 4)).Shape);
    }

    [Fact]
    public void BadInput_GetsAnErrorNamingTheLayerTheShapesAndWhatWasExpected()
    {
        var lstm = new LSTM(10, 20, numLayers: 2);
        var rank = Assert.Throws<ArgumentException>(() => lstm.Call(Tensor.Randn(2, 3, 4, 10)));
        Assert.Contains("LSTM", rank.Message);
        Assert.Contains("[2, 3, 4, 10]", rank.Message);
        var features = Assert.Throws<ArgumentException>(() => lstm.Call(Tensor.Randn(5, 3, 7)));
        Assert.Contains("10 features", features.Message);
        Assert.Contains("[5, 3, 7]", features.Message);
        var state = Assert.Throws<ArgumentException>(() => lstm.Call(Tensor.Randn(5, 3, 10), (Tensor.Zeros(1, 3, 20), Tensor.Zeros(2, 3, 20))));
        Assert.Contains("h_0 of shape [2, 3, 20]", state.Message);
        Assert.Contains("[1, 3, 20]", state.Message);
        var cell = Assert.Throws<ArgumentException>(() => lstm.Call(Tensor.Randn(5, 3, 10), (Tensor.Zeros(2, 3, 20), Tensor.Zeros(2, 3, 21))));
        Assert.Contains("c_0", cell.Message);
        var lengths = Assert.Throws<ArgumentOutOfRangeException>(() => new GRU(10, 4).Call(Tensor.Randn(5, 2, 10), lengths: [5, 6]));
        Assert.Contains("between 1 and the sequence length 5", lengths.Message);
        var count = Assert.Throws<ArgumentException>(() => new GRU(10, 4).Call(Tensor.Randn(5, 2, 10), lengths: [5]));
        Assert.Contains("expected 2 lengths", count.Message);
        var cellInput = Assert.Throws<ArgumentException>(() => new GRUCell(3, 4).Call(Tensor.Randn(2, 5)));
        Assert.Contains("GRUCell", cellInput.Message);
        Assert.Contains("[2, 5]", cellInput.Message);
        var hx = Assert.Throws<ArgumentException>(() => new RNNCell(3, 4).Call(Tensor.Randn(2, 3), Tensor.Zeros(3, 4)));
        Assert.Contains("hx of shape [2, 4]", hx.Message);
        Assert.Contains("smaller than hidden_size", Assert.Throws<ArgumentOutOfRangeException>(() => new LSTM(3, 4, projSize: 4)).Message);
    }
}
