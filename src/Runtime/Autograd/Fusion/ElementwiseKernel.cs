using System.Numerics;

namespace AutoDiffGen.Fusion;

/// <summary>
/// The fused forward and backward of one scalar function applied elementwise, written by the source generator for a
/// <c>[Differentiable]</c> method whose body is purely elementwise. <see cref="Elementwise"/> runs it over a tensor
/// block by block: the forward reads every input once and writes the result once; the backward reads the inputs and
/// the upstream gradient once and writes each input's gradient once.
/// </summary>
/// <remarks>
/// Uniform parameters (<c>[NoDerivative]</c> scalars, a tensor method's scalar hyper-parameters) are fields of the
/// derived kernel, so one instance is one call's worth of state: the tape keeps it as the node's state.
/// </remarks>
public abstract class ElementwiseKernel
{
    private readonly string[] _inputNames;
    private readonly bool[] _differentiable;

    /// <summary>Describes the kernel of function <paramref name="name"/>.</summary>
    /// <param name="name">The function's name: the tape node's name, and the op named by error messages.</param>
    /// <param name="inputNames">The tensor inputs, in order (the parameters that vary per element).</param>
    /// <param name="differentiable">For each input, whether the backward writes its gradient.</param>
    /// <param name="forwardScratch">Blocks of scratch the forward uses.</param>
    /// <param name="backwardScratch">Blocks of scratch the backward uses.</param>
    protected ElementwiseKernel(string name, string[] inputNames, bool[] differentiable, int forwardScratch, int backwardScratch)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(inputNames);
        ArgumentNullException.ThrowIfNull(differentiable);
        if (inputNames.Length != differentiable.Length)
        {
            throw new ArgumentException($"{name}: {inputNames.Length} input names but {differentiable.Length} differentiability flags.", nameof(differentiable));
        }

        Name = name;
        _inputNames = inputNames;
        _differentiable = differentiable;
        ForwardScratch = forwardScratch;
        BackwardScratch = backwardScratch;
    }

    /// <summary>The function's name.</summary>
    public string Name { get; }

    /// <summary>The tensor inputs' parameter names, in order.</summary>
    public IReadOnlyList<string> InputNames => _inputNames;

    /// <summary>Number of tensor inputs.</summary>
    public int InputCount => _inputNames.Length;

    /// <summary>Blocks of scratch <see cref="Forward{T}"/> reads and writes through <see cref="FusionChunk{T}.Scratch"/>.</summary>
    public int ForwardScratch { get; }

    /// <summary>Blocks of scratch <see cref="Backward{T}"/> uses.</summary>
    public int BackwardScratch { get; }

    /// <summary>True when input <paramref name="index"/> gets a gradient (false for <c>[NoDerivative]</c> tensors).</summary>
    public bool IsDifferentiable(int index) => _differentiable[index];

    /// <summary>One block of the forward: reads <see cref="FusionChunk{T}.Input"/>, writes <see cref="FusionChunk{T}.Output"/>(0).</summary>
    public abstract void Forward<T>(FusionChunk<T> chunk)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>
    /// One block of the backward: reads the inputs and <see cref="FusionChunk{T}.Grad"/>, writes the gradient of input
    /// <c>i</c> to <see cref="FusionChunk{T}.Output"/>(<c>i</c>) for every differentiable input.
    /// </summary>
    public abstract void Backward<T>(FusionChunk<T> chunk)
        where T : unmanaged, IFloatingPointIeee754<T>;
}
