using AutoDiffGen;
using AutoDiffGen.Nn;

namespace CustomOp;

/// <summary>A two-layer perceptron whose hidden activation is the custom <see cref="Activations.Mish"/> op.</summary>
public sealed class MishMlp : Module
{
    private readonly Linear _hidden;
    private readonly Linear _output;

    /// <summary>Creates the layers with a fixed generator, so every run trains the same way.</summary>
    public MishMlp(int hidden, Generator generator)
    {
        _hidden = RegisterModule("hidden", new Linear(1, hidden, generator: generator));
        _output = RegisterModule("output", new Linear(hidden, 1, generator: generator));
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => _output.Call(Activations.MishNode(_hidden.Call(input)));
}
