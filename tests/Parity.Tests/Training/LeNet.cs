using AutoDiffGen.Nn;
using AutoDiffGen.Parity.Tests.Ops;
using TorchSharp;
using Parameter = TorchSharp.Modules.Parameter;
using F = TorchSharp.torch.nn.functional;

namespace AutoDiffGen.Parity.Tests.Training;

/// <summary>
/// LeNet-5 as the MnistCnn sample builds it (conv 1→6 5×5 pad 2, ReLU, max-pool 2; conv 6→16 5×5, ReLU, max-pool 2;
/// 400-120-84-10), ours from modules with PyTorch's default init, libtorch's functional over copies of our parameters.
/// </summary>
internal sealed class LeNet
{
    public LeNet(DType dtype, int seed)
    {
        var g = new Generator(seed);
        Ours = new AutoDiffGen.Nn.Sequential(
            new AutoDiffGen.Nn.Conv2d(1, 6, 5, padding: 2, dtype: dtype, generator: g), new AutoDiffGen.Nn.ReLU(), new AutoDiffGen.Nn.MaxPool2d(2),
            new AutoDiffGen.Nn.Conv2d(6, 16, 5, dtype: dtype, generator: g), new AutoDiffGen.Nn.ReLU(), new AutoDiffGen.Nn.MaxPool2d(2),
            new AutoDiffGen.Nn.Flatten(),
            new AutoDiffGen.Nn.Linear(400, 120, dtype: dtype, generator: g), new AutoDiffGen.Nn.ReLU(),
            new AutoDiffGen.Nn.Linear(120, 84, dtype: dtype, generator: g), new AutoDiffGen.Nn.ReLU(),
            new AutoDiffGen.Nn.Linear(84, 10, dtype: dtype, generator: g));
        OurParameters = Ours.NamedParameters().ToArray();
        TorchParameters = OurParameters
            .Select(p => new Parameter(OpParity.Torch(p.Parameter.ToDoubleArray(), p.Parameter.Shape.ToArray(), dtype)))
            .ToArray();
    }

    /// <summary>Our model.</summary>
    public AutoDiffGen.Nn.Sequential Ours { get; }

    /// <summary>Our parameters with their dotted names, in layer order.</summary>
    public (string Name, Tensor Parameter)[] OurParameters { get; }

    /// <summary>libtorch's copies of <see cref="OurParameters"/>, in the same order.</summary>
    public Parameter[] TorchParameters { get; }

    /// <summary>Our mean cross-entropy loss of a batch of [N, 784] images.</summary>
    public Tensor OurLoss(Tensor x, Tensor y) => Functional.CrossEntropy(Ours.Call(x.Reshape(-1, 1, 28, 28)), y);

    /// <summary>libtorch's loss of the same batch through the same layers.</summary>
    public torch.Tensor TorchLoss(torch.Tensor x, torch.Tensor y)
    {
        var p = TorchParameters;
        var h = F.max_pool2d(F.conv2d(x.reshape(-1, 1, 28, 28), p[0], p[1], padding: [2, 2]).relu(), 2);
        h = F.max_pool2d(F.conv2d(h, p[2], p[3]).relu(), 2).flatten(1);
        h = F.linear(F.linear(h, p[4], p[5]).relu(), p[6], p[7]).relu();
        return F.cross_entropy(F.linear(h, p[8], p[9]), y);
    }
}
