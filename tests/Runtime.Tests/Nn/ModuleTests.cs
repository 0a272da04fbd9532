using AutoDiffGen.Nn;

namespace AutoDiffGen.Tests.Nn;

public class ModuleTests
{
    private sealed class Net : Module
    {
        public Net()
        {
            Fc1 = RegisterModule("fc1", new Linear(3, 4));
            Layers = RegisterModule("layers", new ModuleList(new Linear(4, 4), new ReLU(), new Linear(4, 2, bias: false)));
            Scale = RegisterParameter("scale", Tensor.Ones(1))!;
            Running = RegisterBuffer("running", Tensor.Zeros(2))!;
            RegisterBuffer("scratch", Tensor.Zeros(5), persistent: false);
        }

        public Linear Fc1 { get; }

        public ModuleList Layers { get; }

        public Tensor Scale { get; }

        public Tensor Running { get; }

        public override Tensor Forward(Tensor input)
        {
            var x = Fc1.Call(input);
            foreach (var layer in Layers)
            {
                x = layer.Call(x);
            }

            return x * Scale;
        }
    }

    [Fact]
    public void NamedParametersUsePyTorchDottedNamesOwnFirst()
    {
        var names = new Net().NamedParameters().Select(p => p.Name).ToArray();
        Assert.Equal(["scale", "fc1.weight", "fc1.bias", "layers.0.weight", "layers.0.bias", "layers.2.weight"], names);
    }

    [Fact]
    public void StateDictListsParametersThenBuffersPerModuleAndSkipsNonPersistentBuffers()
    {
        var keys = new Net().StateDict().Keys.ToArray();
        Assert.Equal(["scale", "running", "fc1.weight", "fc1.bias", "layers.0.weight", "layers.0.bias", "layers.2.weight"], keys);
    }

    [Fact]
    public void RegisteredParametersRequireGradAndCountElements()
    {
        var net = new Net();
        Assert.All(net.Parameters(), p => Assert.True(p.RequiresGrad));
        Assert.Equal(1 + 12 + 4 + 16 + 4 + 8, net.NumParameters());
        Assert.False(net.Running.RequiresGrad);
    }

    [Fact]
    public void SharedParameterIsListedOnce()
    {
        var shared = new Linear(2, 2);
        var seq = new Sequential(shared, new Tanh(), shared);
        Assert.Equal(["0.weight", "0.bias"], seq.NamedParameters().Select(p => p.Name).ToArray());
        Assert.Equal(2, seq.Parameters().Count());
    }

    [Fact]
    public void SequentialRunsLayersInOrder()
    {
        var first = new Linear(2, 3, dtype: DType.Float64);
        var second = new Linear(3, 1, dtype: DType.Float64);
        var seq = new Sequential(first, new ReLU(), second);
        var x = Tensor.FromArray(new double[] { 0.5, -1.5, 2, 1 }, 2, 2);
        var expected = second.Call(Functional.Relu(first.Call(x))).ToArray<double>();
        Assert.Equal(expected, seq.Call(x).ToArray<double>());
        Assert.Same(second, seq[-1]);
        Assert.Equal(3, seq.Count);
    }

    [Fact]
    public void TrainAndEvalPropagateToDescendants()
    {
        var net = new Net();
        Assert.True(net.IsTraining);
        net.Eval();
        Assert.All(net.Modules(), m => Assert.False(m.IsTraining));
        net.Train();
        Assert.All(net.Modules(), m => Assert.True(m.IsTraining));
        Assert.Equal(6, net.Modules().Count());
    }

    [Fact]
    public void ZeroGradSetsGradientsToNull()
    {
        var net = new Net();
        net.Call(Tensor.Ones(2, 3)).Sum().Backward();
        Assert.All(net.Parameters(), p => Assert.NotNull(p.Grad));
        net.ZeroGrad();
        Assert.All(net.Parameters(), p => Assert.Null(p.Grad));
    }

    [Fact]
    public void StateDictRoundTripCopiesValuesIntoAnotherModule()
    {
        var source = new Net();
        Init.Constant_(source.Running, 7);

        var target = new Net();
        var result = target.LoadStateDict(source.StateDict());
        Assert.Empty(result.MissingKeys);
        Assert.Empty(result.UnexpectedKeys);
        foreach (var ((name, a), (_, b)) in source.StateDict().Zip(target.StateDict()))
        {
            Assert.True(a.ToArray<float>().SequenceEqual(b.ToArray<float>()), name);
        }

        var x = Tensor.FromArray(new float[] { 1, 2, 3 }, 1, 3);
        Assert.Equal(source.Call(x).ToArray<float>(), target.Call(x).ToArray<float>());

        // The load copies: changing the source afterwards leaves the target alone.
        Init.Zeros_(source.Fc1.Weight);
        Assert.NotEqual(source.Fc1.Weight.ToArray<float>(), target.Fc1.Weight.ToArray<float>());
    }

    [Fact]
    public void StateDictValuesShareMemoryWithParameters()
    {
        var net = new Net();
        var state = net.StateDict();
        Init.Constant_(net.Scale, 3);
        Assert.Equal(3f, state["scale"].Item<float>());
        Assert.False(state["scale"].RequiresGrad);
    }

    [Fact]
    public void StrictLoadListsMissingUnexpectedAndMisShapedKeys()
    {
        var net = new Net();
        var state = new Dictionary<string, Tensor>(net.StateDict());
        state.Remove("fc1.bias");
        state["layers.9.weight"] = Tensor.Zeros(1);
        state["layers.0.weight"] = Tensor.Zeros(3, 3);
        var e = Assert.Throws<InvalidOperationException>(() => net.LoadStateDict(state));
        Assert.Contains("Missing key(s): \"fc1.bias\"", e.Message);
        Assert.Contains("Unexpected key(s): \"layers.9.weight\"", e.Message);
        Assert.Contains("layers.0.weight: checkpoint has shape [3, 3], the module expects [4, 4]", e.Message);
    }

    [Fact]
    public void NonStrictLoadReportsKeysButStillRejectsShapeMismatch()
    {
        var net = new Net();
        var before = net.Fc1.Weight.ToArray<float>();
        var state = new Dictionary<string, Tensor> { ["fc1.bias"] = Tensor.Full(new Shape(4), 2.5), ["extra"] = Tensor.Zeros(1) };
        var result = net.LoadStateDict(state, strict: false);
        Assert.Contains("fc1.weight", result.MissingKeys);
        Assert.Equal(["extra"], result.UnexpectedKeys);
        Assert.All(net.Fc1.Bias!.ToArray<float>(), v => Assert.Equal(2.5f, v));
        Assert.Equal(before, net.Fc1.Weight.ToArray<float>());

        state["fc1.bias"] = Tensor.Zeros(5);
        Assert.Throws<InvalidOperationException>(() => net.LoadStateDict(state, strict: false));
    }

    [Fact]
    public void DuplicateOrDottedNamesAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new BadNames(duplicate: true));
        Assert.Throws<ArgumentException>(() => new BadNames(duplicate: false));
    }

    [Fact]
    public void ToStringShowsTheTreeLikePyTorch()
    {
        var text = new Sequential(new Linear(2, 3), new ReLU()).ToString();
        Assert.Equal("Sequential(\n  (0): Linear(in_features=2, out_features=3, bias=True)\n  (1): ReLU()\n)", text);
    }

    private sealed class BadNames : Module
    {
        public BadNames(bool duplicate)
        {
            RegisterParameter("w", Tensor.Zeros(1));
            RegisterParameter(duplicate ? "w" : "a.b", Tensor.Zeros(1));
        }

        public override Tensor Forward(Tensor input) => input;
    }
}
