using System.Numerics;
using AutoDiffGen.Fusion;

namespace AutoDiffGen.Tests.Autograd.Fusion;

/// <summary>A hand-written kernel, as the generator would write it, for a·b + c with c a [NoDerivative] input.</summary>
internal sealed class ProductKernel : ElementwiseKernel
{
    public static readonly ProductKernel Instance = new();

    private ProductKernel()
        : base("Product", ["a", "b", "c"], [true, true, false], forwardScratch: 0, backwardScratch: 0)
    {
    }

    public override void Forward<T>(FusionChunk<T> chunk)
    {
        FusedMath<T>.Multiply(chunk.Input(0), chunk.Input(1), chunk.Output(0));
        FusedMath<T>.Add(chunk.Output(0), chunk.Input(2), chunk.Output(0));
    }

    public override void Backward<T>(FusionChunk<T> chunk)
    {
        FusedMath<T>.Multiply(chunk.Grad, chunk.Input(1), chunk.Output(0));
        FusedMath<T>.Multiply(chunk.Grad, chunk.Input(0), chunk.Output(1));
    }
}
