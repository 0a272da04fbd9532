using System.Numerics;
using System.Numerics.Tensors;
using AutoDiffGen.Kernels;

namespace AutoDiffGen.Fusion;

/// <summary>
/// Runs generated <see cref="ElementwiseKernel"/>s over tensors: checks and broadcasts the inputs, walks the elements
/// in blocks of <see cref="BlockLength"/> (split across cores for large tensors), and records the call on the tape as
/// one node whose backward is the kernel's fused backward.
/// </summary>
/// <remarks>
/// Inputs broadcast together as in PyTorch. A one-element input is read as a filled block, never materialised; other
/// broadcast inputs are expanded to the result's shape first, and their gradients summed back with
/// <see cref="Tensor.ReduceGrad"/>. Strided inputs are made contiguous once.
/// </remarks>
public static class Elementwise
{
    /// <summary>Elements per block: every intermediate of a block stays in L1 (4 KB of float32, 8 KB of float64).</summary>
    public const int BlockLength = 1024;

    /// <summary>
    /// Applies <paramref name="kernel"/> to <paramref name="inputs"/> and records it as one node named after the kernel.
    /// The node's backward runs the fused backward; it is not itself recorded, so a <c>createGraph</c> backward through
    /// it throws (a <c>[Differentiable]</c> tensor method's <c>FNode</c> falls back to its tensor-level backward there).
    /// </summary>
    public static Tensor Apply(ElementwiseKernel kernel, params Tensor[] inputs)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var result = Forward(kernel, inputs);
        return Autograd.Record(kernel.Name, result, inputs, static (node, grad, inputGrads) =>
        {
            var kernel = (ElementwiseKernel)node.State!;
            if (Autograd.IsGradEnabled)
            {
                throw new NotSupportedException(
                    $"{kernel.Name}: the fused elementwise backward is not recorded on the tape, so it cannot be differentiated again " +
                    $"(backward with createGraph: true). Write {kernel.Name} over Tensor values as a [Differentiable] tensor method for higher-order gradients.");
            }

            Backward(kernel, node, grad, inputGrads);
        }, kernel);
    }

    /// <summary>
    /// <typeparamref name="TOp"/> applied to every element of <paramref name="x"/> (its span form, split across cores
    /// when large), not recorded on the tape: the forward of an <c>[Elementwise]</c> primitive, whose generated body
    /// records it. <paramref name="op"/> names the op in errors.
    /// </summary>
    public static Tensor Map<TOp>(string op, Tensor x)
        where TOp : IElementwiseOperator<TOp>
    {
        ArgumentNullException.ThrowIfNull(x);
        return Tensor.UnaryForward<ElementwiseSpan<TOp>>(op, x);
    }

    /// <summary>The forward of <paramref name="kernel"/> over <paramref name="inputs"/>, not recorded on the tape.</summary>
    public static Tensor Forward(ElementwiseKernel kernel, Tensor[] inputs)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(inputs);
        var (shape, dtype) = Check(kernel, inputs);
        inputs = Promote(inputs, dtype);
        var result = Tensor.Empty(shape, dtype);
        if (dtype == DType.Float32)
        {
            Run<float>(kernel, inputs, null, [(result.StorageAs<float>(), result.Offset)], null, shape, forward: true);
        }
        else
        {
            Run<double>(kernel, inputs, null, [(result.StorageAs<double>(), result.Offset)], null, shape, forward: true);
        }

        return result;
    }

    /// <summary>
    /// The fused backward: fills <paramref name="inputGrads"/>[i] with the gradient of <c>node.Inputs[i]</c> for every
    /// differentiable input whose gradient the node needs (null for the others).
    /// </summary>
    public static void Backward(ElementwiseKernel kernel, Node node, Tensor grad, Tensor?[] inputGrads)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(grad);
        ArgumentNullException.ThrowIfNull(inputGrads);
        var original = node.Inputs.ToArray();
        var (shape, dtype) = Check(kernel, original);
        var inputs = Promote(original, dtype);
        if (grad.Shape != shape)
        {
            throw new ArgumentException($"{kernel.Name}: the upstream gradient has shape {grad.Shape}, but the result has shape {shape}.", nameof(grad));
        }

        var needed = new bool[inputs.Length];
        for (var i = 0; i < inputs.Length; i++)
        {
            needed[i] = kernel.IsDifferentiable(i) && node.NeedsInputGrad(i);
        }

        grad = grad.DType == dtype ? grad : grad.To(dtype);
        if (dtype == DType.Float32)
        {
            Gradients<float>(kernel, inputs, grad, needed, shape, inputGrads);
        }
        else
        {
            Gradients<double>(kernel, inputs, grad, needed, shape, inputGrads);
        }

        // A float32 input promoted to float64 gets its gradient back in float32, as PyTorch's promotion does.
        for (var i = 0; i < original.Length; i++)
        {
            if (inputGrads[i] is { } g && g.DType != original[i].DType)
            {
                inputGrads[i] = g.To(original[i].DType);
            }
        }
    }

    private static void Gradients<T>(ElementwiseKernel kernel, Tensor[] inputs, Tensor grad, bool[] needed, Shape shape, Tensor?[] inputGrads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Each gradient is written where it belongs: straight into a tensor of the input's shape; summed block by block
        // for a one-element input; into a result-shaped tensor reduced afterwards for other broadcast inputs. Unneeded
        // gradients go to a workspace block nobody reads.
        var outputs = new (T[]? Array, int Offset)[inputs.Length];
        var full = new Tensor?[inputs.Length];
        var summed = new bool[inputs.Length];
        for (var i = 0; i < inputs.Length; i++)
        {
            if (!needed[i])
            {
                continue;
            }

            if (inputs[i].Shape != shape && inputs[i].NumElements == 1)
            {
                summed[i] = true;
                continue;
            }

            full[i] = Tensor.Empty(shape, inputs[i].DType);
            outputs[i] = (full[i]!.StorageAs<T>(), full[i]!.Offset);
        }

        var sums = new T[inputs.Length];
        Run(kernel, inputs, grad, outputs, summed.Any(s => s) ? (summed, sums) : null, shape, forward: false);
        for (var i = 0; i < inputs.Length; i++)
        {
            if (summed[i])
            {
                var g = Tensor.Empty(inputs[i].Shape, inputs[i].DType);
                g.Data<T>()[0] = sums[i];
                inputGrads[i] = g;
            }
            else if (full[i] is { } g)
            {
                inputGrads[i] = Tensor.ReduceGrad(g, inputs[i].Shape);
            }
        }
    }

    private static void Run<T>(
        ElementwiseKernel kernel,
        Tensor[] inputs,
        Tensor? grad,
        (T[]? Array, int Offset)[] outputs,
        (bool[] Summed, T[] Sums)? reductions,
        Shape shape,
        bool forward)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var sources = new (T[]? Array, int Offset, T Value)[inputs.Length + (grad is null ? 0 : 1)];
        for (var i = 0; i < inputs.Length; i++)
        {
            sources[i] = Source<T>(inputs[i], shape);
        }

        if (grad is not null)
        {
            sources[inputs.Length] = Source<T>(grad, shape);
        }

        var n = shape.NumElements;
        var scratch = forward ? kernel.ForwardScratch : kernel.BackwardScratch;
        var gate = new object();
        Parallelism.For(n, Parallelism.ChunkCount(n), (start, length) =>
        {
            using var frame = new FusionFrame<T>(inputs.Length, sources, outputs, scratch);
            var partial = reductions is null ? null : new T[inputs.Length];
            for (var offset = start; offset < start + length; offset += BlockLength)
            {
                var chunk = new FusionChunk<T>(frame, offset, Math.Min(BlockLength, start + length - offset));
                if (forward)
                {
                    kernel.Forward(chunk);
                }
                else
                {
                    kernel.Backward(chunk);
                }

                if (reductions is { Summed: var summed })
                {
                    for (var i = 0; i < summed.Length; i++)
                    {
                        if (summed[i])
                        {
                            partial![i] += TensorPrimitives.Sum<T>(chunk.Output(i));
                        }
                    }
                }
            }

            if (reductions is { Sums: var sums })
            {
                lock (gate)
                {
                    for (var i = 0; i < sums.Length; i++)
                    {
                        sums[i] += partial![i];
                    }
                }
            }
        });
    }

    /// <summary>Where the kernel reads <paramref name="tensor"/> from: its own storage, a filled block, or a broadcast copy.</summary>
    private static (T[]? Array, int Offset, T Value) Source<T>(Tensor tensor, Shape shape)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (tensor.NumElements == 1 || (tensor.NumElements > 0 && tensor.Strides.All(s => s == 0)))
        {
            return (null, 0, tensor.StorageAs<T>()[tensor.Offset]);
        }

        if (tensor.Shape != shape)
        {
            using (Autograd.NoGrad())
            {
                tensor = tensor.Expand(shape.ToArray());
            }
        }

        var contiguous = tensor.ContiguousUntracked();
        return (contiguous.StorageAs<T>(), contiguous.Offset, T.Zero);
    }

    /// <summary>The result's shape and dtype, or an exception naming the function, its inputs and what was expected.</summary>
    private static (Shape Shape, DType DType) Check(ElementwiseKernel kernel, Tensor[] inputs)
    {
        if (inputs.Length != kernel.InputCount)
        {
            throw new ArgumentException(
                $"{kernel.Name}: expected {kernel.InputCount} tensor input(s) ({string.Join(", ", kernel.InputNames)}), got {inputs.Length}.", nameof(inputs));
        }

        for (var i = 0; i < inputs.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(inputs[i], kernel.InputNames[i]);
            if (!inputs[i].DType.IsFloatingPoint())
            {
                throw new ArgumentException(
                    $"{kernel.Name}: every input must be float32 or float64; got {Describe(kernel, inputs)}.", kernel.InputNames[i]);
            }
        }

        var shape = inputs.Length == 0 ? new Shape() : inputs[0].Shape;
        for (var i = 1; i < inputs.Length; i++)
        {
            try
            {
                shape = Shape.Broadcast(shape, inputs[i].Shape);
            }
            catch (ArgumentException)
            {
                throw new ArgumentException($"{kernel.Name}: the input shapes cannot be broadcast together: {Describe(kernel, inputs)}.", kernel.InputNames[i]);
            }
        }

        // float32 with float64 computes in float64, as PyTorch promotes.
        return (shape, inputs.Any(t => t.DType == DType.Float64) ? DType.Float64 : DType.Float32);
    }

    private static Tensor[] Promote(Tensor[] inputs, DType dtype)
    {
        if (inputs.All(t => t.DType == dtype))
        {
            return inputs;
        }

        using (Autograd.NoGrad())
        {
            return inputs.Select(t => t.DType == dtype ? t : t.Detach().To(dtype)).ToArray();
        }
    }

    private static string Describe(ElementwiseKernel kernel, Tensor[] inputs) =>
        string.Join(", ", inputs.Select((t, i) => $"{kernel.InputNames[i]} ({t.DType.ToTorchName()}, shape {t.Shape})"));
}
