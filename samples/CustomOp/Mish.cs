using AutoDiffGen;

namespace CustomOp;

/// <summary>
/// A user-defined activation, written forward-only. The build writes <c>MishBackward</c> (its pullback) and
/// <c>MishNode</c>, which records the whole activation on the tape as one node whose backward is <c>MishBackward</c>.
/// </summary>
public static partial class Activations
{
    /// <summary>Mish (Misra, 2019): x · tanh(softplus(x)).</summary>
    [Differentiable]
    public static Tensor Mish(Tensor x) => x * Tensor.Tanh(Tensor.Log(1.0 + Tensor.Exp(x)));
}
