using AutoDiffGen;
using AutoDiffGen.Nn;

namespace MnistCnn;

/// <summary>The sample's models.</summary>
internal static class Models
{
    /// <summary>
    /// LeNet-5 for 28×28 MNIST: conv 1→6 5×5 (padding 2, so the first maps stay 28×28), ReLU, max-pool 2; conv 6→16 5×5,
    /// ReLU, max-pool 2; then 400-120-84-10.
    /// </summary>
    public static Sequential LeNet(Generator init) => new(
        new Conv2d(1, 6, 5, padding: 2, generator: init), new ReLU(), new MaxPool2d(2),
        new Conv2d(6, 16, 5, generator: init), new ReLU(), new MaxPool2d(2),
        new Flatten(),
        new Linear(400, 120, generator: init), new ReLU(),
        new Linear(120, 84, generator: init), new ReLU(),
        new Linear(84, 10, generator: init));
}

/// <summary>
/// PyDyNet's residual MLP: 784→256, then two blocks h + W₂·relu(W₁·h) (256-256-256), each followed by a ReLU, then 256→10.
/// </summary>
internal sealed class ResidualMlp : Module
{
    private readonly Linear _input;
    private readonly ModuleList _blocks;
    private readonly Linear _output;

    public ResidualMlp(Generator init)
    {
        _input = RegisterModule("input", new Linear(784, 256, generator: init));
        _blocks = RegisterModule("blocks", new ModuleList(
            new Linear(256, 256, generator: init), new Linear(256, 256, generator: init),
            new Linear(256, 256, generator: init), new Linear(256, 256, generator: init)));
        _output = RegisterModule("output", new Linear(256, 10, generator: init));
    }

    public override Tensor Forward(Tensor input)
    {
        var h = Functional.Relu(_input.Call(input));
        for (int b = 0; b < 2; b++)
        {
            var inner = Functional.Relu(_blocks[2 * b].Call(h));
            h = Functional.Relu(h + _blocks[(2 * b) + 1].Call(inner));
        }

        return _output.Call(h);
    }
}
