using static AutoDiffGen.Tests.Ops.OpAssert;

namespace AutoDiffGen.Tests.Ops;

/// <summary>GradCheck for the core view ops (Reshape, Flatten, Permute, Transpose, T, Expand), composed with elementwise ops.</summary>
public class ShapeOpsGradTests
{
    [Fact] public void Reshape() => Grad(x => x[0].Reshape(4, 3) * x[1], Uniform([2, 6], 1), Uniform([4, 3], 2));
    [Fact] public void ReshapeInferred() => Grad(x => x[0].Reshape(-1, 2).Sin(), Uniform([3, 4], 3));
    [Fact] public void ReshapeOfTransposed() => Grad(x => x[0].T.Reshape(12).Exp(), Uniform([3, 4], 4));
    [Fact] public void Flatten() => Grad(x => x[0].Flatten(1) * x[1], Uniform([2, 3, 4], 5), Uniform([12], 6));
    [Fact] public void Permute() => Grad(x => x[0].Permute(2, 0, 1) * x[1], Uniform([2, 3, 4], 7), Uniform([4, 2, 3], 8));
    [Fact] public void Transpose() => Grad(x => x[0].Transpose(0, 2).Tanh(), Uniform([2, 3, 4], 9));
    [Fact] public void T() => Grad(x => x[0].T * x[1], Uniform([3, 4], 10), Uniform([4, 3], 11));
    [Fact] public void Expand() => Grad(x => x[0].Expand(2, 3, 4) * x[1], Uniform([3, 1], 12), Uniform([2, 3, 4], 13));
    [Fact] public void ExpandKeepingSizes() => Grad(x => x[0].Expand(5, -1).Sigmoid(), Uniform([4], 14));
    [Fact] public void BroadcastTo() => Grad(x => Tensor.BroadcastTo(x[0], new Shape(2, 3)).Pow(2), Uniform([1, 3], 15));
}
