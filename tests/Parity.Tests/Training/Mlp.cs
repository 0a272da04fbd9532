using AutoDiffGen.Nn;
using AutoDiffGen.Parity.Tests.Ops;
using TorchSharp;
using Parameter = TorchSharp.Modules.Parameter;
using F = TorchSharp.torch.nn.functional;

namespace AutoDiffGen.Parity.Tests.Training;

/// <summary>
/// The sample's 784-256-128-10 ReLU MLP twice: ours (a <see cref="Sequential"/> of <see cref="Linear"/> layers with
/// PyTorch's default init) and libtorch's, built functionally over parameters copied from ours, so both start equal.
/// </summary>
internal sealed class Mlp
{
    public static readonly int[] Sizes = [784, 256, 128, 10];

    public Mlp(DType dtype, int seed)
    {
        var generator = new Generator(seed);
        Ours = new AutoDiffGen.Nn.Sequential(
            new AutoDiffGen.Nn.Linear(Sizes[0], Sizes[1], dtype: dtype, generator: generator), new AutoDiffGen.Nn.ReLU(),
            new AutoDiffGen.Nn.Linear(Sizes[1], Sizes[2], dtype: dtype, generator: generator), new AutoDiffGen.Nn.ReLU(),
            new AutoDiffGen.Nn.Linear(Sizes[2], Sizes[3], dtype: dtype, generator: generator));
        OurParameters = Ours.NamedParameters().ToArray();
        TorchParameters = OurParameters
            .Select(p => new Parameter(OpParity.Torch(p.Parameter.ToDoubleArray(), p.Parameter.Shape.ToArray(), dtype)))
            .ToArray();
    }

    /// <summary>Our model.</summary>
    public AutoDiffGen.Nn.Sequential Ours { get; }

    /// <summary>Our parameters with their dotted names (fc weights and biases, in layer order).</summary>
    public (string Name, Tensor Parameter)[] OurParameters { get; }

    /// <summary>libtorch's copies of <see cref="OurParameters"/>, in the same order.</summary>
    public Parameter[] TorchParameters { get; }

    /// <summary>Our mean cross-entropy loss of a batch.</summary>
    public Tensor OurLoss(Tensor x, Tensor y) => Functional.CrossEntropy(Ours.Call(x), y);

    /// <summary>libtorch's mean cross-entropy loss of the same batch through the same layers.</summary>
    public torch.Tensor TorchLoss(torch.Tensor x, torch.Tensor y)
    {
        var p = TorchParameters;
        var h1 = F.linear(x, p[0], p[1]).relu();
        var h2 = F.linear(h1, p[2], p[3]).relu();
        return F.cross_entropy(F.linear(h2, p[4], p[5]), y);
    }
}
