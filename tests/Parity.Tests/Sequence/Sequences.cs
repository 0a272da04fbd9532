using AutoDiffGen.Nn;
using AutoDiffGen.Parity.Tests.Infrastructure;
using AutoDiffGen.Parity.Tests.Ops;
using TorchSharp;

namespace AutoDiffGen.Parity.Tests.Sequence;

/// <summary>Helpers of the sequence-model parity tests: weights copied by PyTorch's names, comparisons with shapes.</summary>
internal static class Sequences
{
    /// <summary>Copies every parameter of <paramref name="ours"/> into the libtorch module's parameter of the same name; the name sets must agree.</summary>
    public static void CopyParameters(Module ours, torch.nn.Module theirs)
    {
        var torchParameters = theirs.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        Assert.Equal(torchParameters.Keys.Order(), ours.NamedParameters().Select(p => p.Name).Order());
        using var _ = torch.no_grad();
        foreach (var (name, p) in ours.NamedParameters())
        {
            var dims = p.Shape.ToArray();
            Assert.Equal(torchParameters[name].shape, dims.Select(d => (long)d).ToArray());
            torchParameters[name].copy_(OpParity.Torch(p.ToDoubleArray(), dims, p.DType));
        }
    }

    /// <summary>Compares the gradient of every parameter, by name.</summary>
    public static void CompareParameterGradients(Module ours, torch.nn.Module theirs, double tolerance, string what)
    {
        var torchParameters = theirs.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, p) in ours.NamedParameters())
        {
            Compare(torchParameters[name].grad!, p.Grad!, tolerance, $"{what}: gradient of {name}");
        }
    }

    /// <summary>Marks <paramref name="t"/> as a leaf requiring grad.</summary>
    public static Tensor Leaf(Tensor t)
    {
        t.RequiresGrad = true;
        return t;
    }

    /// <summary>Shapes equal and values within <paramref name="tolerance"/> relative to the largest magnitude.</summary>
    public static void Compare(torch.Tensor expected, Tensor actual, double tolerance, string what)
    {
        Assert.True(expected.shape.SequenceEqual(actual.Shape.ToArray().Select(d => (long)d)), $"{what}: shape {actual.Shape}, libtorch [{string.Join(", ", expected.shape)}]");
        ParityAssert.AllCloseScaled(OpParity.ToDoubles(expected), actual.ToDoubleArray(), tolerance, what);
    }
}
