namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>
    /// The same elements with a new shape; one dimension may be −1 and is inferred (<c>torch.reshape</c>).
    /// A view sharing memory when this tensor is contiguous, else a copy.
    /// </summary>
    public Tensor Reshape(params int[] shape)
    {
        var target = InferShape(shape, NumElements, Shape, nameof(Reshape));
        if (target == Shape)
        {
            return this;
        }

        var source = IsContiguous ? this : ContiguousUntracked();
        var result = new Tensor(source.Storage, target, target.ContiguousStrides(), source.Offset);
        return Autograd.Record(nameof(Reshape), result, this,
            static (node, grad, grads) => grads[0] = ReshapeBackward(grad, node.Inputs[0]));
    }

    /// <summary>The same elements with a new shape (alias of <see cref="Reshape"/>, PyTorch's <c>view</c>).</summary>
    public Tensor View(params int[] shape) => Reshape(shape);

    /// <summary>The rule of <c>x.Reshape(...)</c>: <c>grad</c> reshaped back to the shape of <c>x</c>.</summary>
    [DerivativeOf(nameof(Reshape))]
    public static Tensor ReshapeBackward(Tensor grad, Tensor x) => grad.Reshape(x.Shape.Raw);

    // Rules of the rule, for second-order generated code (ReshapeBackward's grad is gradOutput here); x gives only a shape.
    /// <summary>The rule of <see cref="ReshapeBackward"/> with respect to <c>gradOutput</c> (its <c>grad</c>), for second-order code.</summary>
    [DerivativeOf(nameof(ReshapeBackward), Wrt = "gradOutput")]
    public static Tensor ReshapeBackwardBackward(Tensor grad, Tensor gradOutput) => grad.Reshape(gradOutput.Shape.Raw);

    /// <summary>The rule of <see cref="ReshapeBackward"/> with respect to <c>x</c>, which gives only a shape: zero.</summary>
    [DerivativeOf(nameof(ReshapeBackward), Wrt = "x")]
    public static Tensor ReshapeBackwardBackwardX(Tensor grad, Tensor x) => ZerosLike(x);

    /// <summary>
    /// Flattens dimensions <paramref name="startDim"/> through <paramref name="endDim"/> into one (<c>torch.flatten</c>).
    /// </summary>
    public Tensor Flatten(int startDim = 0, int endDim = -1)
    {
        if (Rank == 0)
        {
            return Reshape(1);
        }

        var start = Shape.NormalizeAxis(startDim, Rank);
        var end = Shape.NormalizeAxis(endDim, Rank);
        if (start > end)
        {
            throw new ArgumentException($"Flatten: startDim ({startDim}) must not come after endDim ({endDim}) for shape {Shape}.");
        }

        var dims = new List<int>();
        var merged = 1;
        for (var i = 0; i < Rank; i++)
        {
            if (i < start || i > end)
            {
                dims.Add(Shape.Raw[i]);
            }
            else
            {
                merged *= Shape.Raw[i];
                if (i == end)
                {
                    dims.Add(merged);
                }
            }
        }

        return Reshape([.. dims]);
    }

    private static Shape InferShape(int[] requested, int numElements, Shape from, string op)
    {
        var dims = (int[])requested.Clone();
        var inferred = -1;
        long known = 1;
        for (var i = 0; i < dims.Length; i++)
        {
            if (dims[i] == -1)
            {
                if (inferred >= 0)
                {
                    throw new ArgumentException($"{op}: only one dimension can be inferred (-1), got [{string.Join(", ", requested)}].");
                }

                inferred = i;
            }
            else if (dims[i] < 0)
            {
                throw new ArgumentException($"{op}: invalid dimension size {dims[i]} in [{string.Join(", ", requested)}].");
            }
            else
            {
                // Long, and stopped at the first overflow: a wrapped product could divide the count and pass.
                known *= dims[i];
                if (known > int.MaxValue)
                {
                    throw new ArgumentException($"{op}: shape [{string.Join(", ", requested)}] is invalid for input of shape {from} ({numElements} elements): its sizes multiply past {int.MaxValue}.");
                }
            }
        }

        if (inferred >= 0)
        {
            if (known == 0 || numElements % known != 0)
            {
                throw new ArgumentException($"{op}: shape [{string.Join(", ", requested)}] is invalid for input of shape {from} ({numElements} elements).");
            }

            dims[inferred] = (int)(numElements / known);
        }
        else if (known != numElements)
        {
            throw new ArgumentException($"{op}: shape [{string.Join(", ", requested)}] is invalid for input of shape {from} ({numElements} elements).");
        }

        return Shape.Wrap(dims, op);
    }
}
