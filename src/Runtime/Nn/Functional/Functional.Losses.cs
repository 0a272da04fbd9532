using System.Numerics.Tensors;

namespace AutoDiffGen.Nn;

public static partial class Functional
{
    /// <summary>
    /// Cross entropy between logits <paramref name="input"/> ([C], [N, C] or [N, C, d1, ...]) and a target that is either
    /// int64 class indices (shape of input without the class dimension) or class probabilities (same shape as input), as
    /// <c>F.cross_entropy</c>: log-softmax over the class dimension, then the negative log-likelihood.
    /// </summary>
    /// <param name="input">Unnormalised scores; the class dimension is 0 for 1-D input, else 1.</param>
    /// <param name="target">Class indices (int64) or probabilities (float).</param>
    /// <param name="weight">Optional per-class weight of shape [C].</param>
    /// <param name="ignoreIndex">A class index whose targets contribute neither loss nor weight (index targets only).</param>
    /// <param name="reduction">None, Mean (index targets: divided by the summed weight of the non-ignored targets) or Sum.</param>
    /// <param name="labelSmoothing">ε in [0, 1]: the target becomes (1 − ε)·target + ε/C.</param>
    public static Tensor CrossEntropy(Tensor input, Tensor target, Tensor? weight = null, long ignoreIndex = -100,
        Reduction reduction = Reduction.Mean, double labelSmoothing = 0)
    {
        const string op = "CrossEntropy";
        if (labelSmoothing is < 0 or > 1 || double.IsNaN(labelSmoothing))
        {
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, $"{op}: labelSmoothing must be between 0.0 and 1.0.");
        }

        InPlace.RequireFloat(input, op);
        if (input.Rank == 0)
        {
            throw new ArgumentException($"{op}: input must have at least one dimension (the classes), got a 0-d tensor.");
        }

        var classDim = input.Rank == 1 ? 0 : 1;
        var classes = input.Shape[classDim];
        CheckWeight(op, weight, classes);
        if (input.Rank == 2 && classes > 0 && weight is null && labelSmoothing == 0 && target.DType == DType.Int64 && target.Shape == new Shape(input.Shape[0]))
        {
            return CrossEntropyRows(input, target, ignoreIndex, reduction);
        }

        var logProbabilities = LogSoftmax(input, classDim);
        var weightView = weight is null ? null : BroadcastClassWeight(weight.To(input.DType), input.Rank, classDim);

        if (target.DType.IsFloatingPoint())
        {
            if (target.Shape != input.Shape)
            {
                throw new ArgumentException($"{op}: probability targets must have the input's shape {input.Shape}, got {target.Shape}.");
            }

            var smoothed = labelSmoothing > 0 ? target * (1 - labelSmoothing) + labelSmoothing / classes : target;
            var perSample = Composites.SoftTargetCrossEntropyNode(input, weightView is null ? smoothed : smoothed * weightView, classDim);
            return reduction switch
            {
                Reduction.None => perSample,
                Reduction.Sum => perSample.Sum(),

                // NOTE: with probability targets PyTorch divides by the number of samples, ignoring class weights.
                _ => perSample.Sum() / (input.NumElements / (double)classes),
            };
        }

        var targets = ClassTargets(op, input, target, weight, ignoreIndex, classDim);
        var nll = NllFromTargets(logProbabilities, targets, classDim, reduction);
        if (labelSmoothing == 0)
        {
            return nll;
        }

        // The smoothing term −Σ_c w_c·log p_c, zeroed at ignored targets, reduced like PyTorch's cross_entropy_loss_label_smoothing.
        var spread = weightView is null ? logProbabilities : logProbabilities * weightView;
        var smooth = -spread.Sum(classDim) * targets.Kept;
        var smoothReduced = reduction switch
        {
            Reduction.None => smooth,
            Reduction.Sum => smooth.Sum(),
            _ => MeanOverKept(smooth.Sum(), weight is null ? targets.Kept.Sum() : targets.SampleWeight.Sum()),
        };
        return nll * (1 - labelSmoothing) + smoothReduced * (labelSmoothing / classes);
    }

    /// <summary>
    /// Cross entropy of [N, C] logits against N class indices, without class weights or smoothing (the classifier's
    /// common case), as one op and one tape node: log-softmax and the picked log-probabilities in one pass per row, and a
    /// backward of (softmax − one-hot)·scale, where scale is the incoming gradient (divided by the number of kept
    /// targets for Mean) and 0 on ignored rows.
    /// </summary>
    private static Tensor CrossEntropyRows(Tensor input, Tensor target, long ignoreIndex, Reduction reduction)
    {
        var (rows, classes) = (input.Shape[0], input.Shape[1]);
        var labels = target.ContiguousUntracked().Data<long>();
        var kept = 0;
        for (var i = 0; i < rows; i++)
        {
            if (labels[i] == ignoreIndex)
            {
                continue;
            }

            if (labels[i] < 0 || labels[i] >= classes)
            {
                throw new ArgumentException($"CrossEntropy: target {labels[i]} is out of bounds for {classes} classes (input shape {input.Shape}).");
            }

            kept++;
        }

        var x = input.ContiguousUntracked();
        var logProbabilities = Tensor.Empty(x.Shape, x.DType);
        var perSample = Tensor.Empty(new Shape(rows), x.DType);
        if (x.DType == DType.Float32)
        {
            CrossEntropyRowsForward<float>(x.Data<float>(), labels, ignoreIndex, classes, logProbabilities.Data<float>(), perSample.Data<float>());
        }
        else
        {
            CrossEntropyRowsForward<double>(x.Data<double>(), labels, ignoreIndex, classes, logProbabilities.Data<double>(), perSample.Data<double>());
        }

        // NOTE: for Mean with every target ignored the loss is 0/0 = NaN, as in PyTorch, but the gradient is zero.
        var result = reduction == Reduction.None ? perSample : Tensor.Empty(Shape.Scalar, x.DType);
        if (reduction != Reduction.None)
        {
            var divisor = reduction == Reduction.Sum ? 1 : kept;
            if (x.DType == DType.Float32)
            {
                result.Data<float>()[0] = TensorPrimitives.Sum<float>(perSample.Data<float>()) / divisor;
            }
            else
            {
                result.Data<double>()[0] = TensorPrimitives.Sum<double>(perSample.Data<double>()) / divisor;
            }
        }

        var state = new CrossEntropyRowsState(target, ignoreIndex, reduction, kept, logProbabilities);
        return Autograd.Record(nameof(CrossEntropy), result, input, static (node, grad, grads) =>
            grads[0] = CrossEntropyRowsBackward(grad, node.Inputs[0], (CrossEntropyRowsState)node.State!), state);
    }

    /// <summary>Per row: log-probabilities (shifted − log Σ exp(shifted), shifted = x − max) and −log p[target] (0 when ignored).</summary>
    private static void CrossEntropyRowsForward<T>(ReadOnlySpan<T> x, ReadOnlySpan<long> labels, long ignoreIndex, int classes, Span<T> logProbabilities, Span<T> perSample)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        // Rows are short (10 classes for MNIST), so per-row library calls would cost more than their work: shift each
        // row by its max in plain loops, exponentiate the whole batch in one vectorised call, then finish row by row.
        for (var i = 0; i < labels.Length; i++)
        {
            var row = x.Slice(i * classes, classes);
            var max = row[0];
            for (var c = 1; c < classes; c++)
            {
                max = T.IsNaN(row[c]) || row[c] > max ? row[c] : max;
            }

            var shifted = logProbabilities.Slice(i * classes, classes);
            for (var c = 0; c < classes; c++)
            {
                shifted[c] = row[c] - max;
            }
        }

        var exps = classes * labels.Length <= 4096 ? stackalloc T[classes * labels.Length] : new T[classes * labels.Length];
        TensorPrimitives.Exp(logProbabilities, exps);
        for (var i = 0; i < labels.Length; i++)
        {
            var sum = T.Zero;
            for (var c = 0; c < classes; c++)
            {
                sum += exps[i * classes + c];
            }

            var logSum = T.Log(sum);
            var output = logProbabilities.Slice(i * classes, classes);
            for (var c = 0; c < classes; c++)
            {
                output[c] -= logSum;
            }

            perSample[i] = labels[i] == ignoreIndex ? T.Zero : -output[(int)labels[i]];
        }
    }

    private static Tensor CrossEntropyRowsBackward(Tensor grad, Tensor input, CrossEntropyRowsState state)
    {
        var (rows, classes) = (input.Shape[0], input.Shape[1]);
        var labels = state.Target.ContiguousUntracked().Data<long>();
        var divisor = state.Reduction == Reduction.Mean ? state.Kept : 1;
        if (Autograd.IsGradEnabled)
        {
            // Differentiating again (create_graph): the same formula from differentiable ops.
            var shift = new double[rows * classes];
            var mask = new double[rows];
            for (var i = 0; i < rows; i++)
            {
                if (labels[i] != state.IgnoreIndex)
                {
                    shift[i * classes + labels[i]] = 1;
                    mask[i] = divisor == 0 ? 0 : 1.0 / divisor;
                }
            }

            var oneHot = Tensor.FromArray(shift, rows, classes).To(input.DType);
            var scale = Tensor.FromArray(mask, rows, 1).To(input.DType) * (state.Reduction == Reduction.None ? grad.Reshape(rows, 1) : grad);
            return (Softmax(input, 1) - oneHot) * scale;
        }

        var result = Tensor.Empty(input.Shape, input.DType);
        var g = grad.ContiguousUntracked();
        if (input.DType == DType.Float32)
        {
            CrossEntropyRowsGradient<float>(g.Data<float>(), state, labels, classes, divisor, result.Data<float>());
        }
        else
        {
            CrossEntropyRowsGradient<double>(g.Data<double>(), state, labels, classes, divisor, result.Data<double>());
        }

        return result;
    }

    /// <summary>d input = (exp(log p) − one-hot)·scale per row, scale = grad / divisor, 0 on ignored rows.</summary>
    private static void CrossEntropyRowsGradient<T>(ReadOnlySpan<T> grad, CrossEntropyRowsState state, ReadOnlySpan<long> labels, int classes, int divisor, Span<T> result)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        // Softmax of the whole batch in one vectorised call, then the one-hot and the scale row by row.
        TensorPrimitives.Exp(state.LogProbabilities.Data<T>(), result);
        for (var i = 0; i < labels.Length; i++)
        {
            var output = result.Slice(i * classes, classes);
            if (labels[i] == state.IgnoreIndex || divisor == 0)
            {
                output.Clear();
                continue;
            }

            var scale = (grad.Length == 1 ? grad[0] : grad[i]) / T.CreateTruncating(divisor);
            output[(int)labels[i]] -= T.One;
            for (var c = 0; c < classes; c++)
            {
                output[c] *= scale;
            }
        }
    }

    /// <summary>What the backward of <see cref="CrossEntropyRows"/> needs.</summary>
    private sealed record CrossEntropyRowsState(Tensor Target, long IgnoreIndex, Reduction Reduction, int Kept, Tensor LogProbabilities);

    /// <summary>
    /// Negative log-likelihood of int64 class indices under log-probabilities <paramref name="input"/> ([C], [N, C] or
    /// [N, C, d1, ...]) (<c>F.nll_loss</c>): −weight[y]·input[y], with Mean dividing by the summed weight of non-ignored targets.
    /// </summary>
    public static Tensor NllLoss(Tensor input, Tensor target, Tensor? weight = null, long ignoreIndex = -100, Reduction reduction = Reduction.Mean)
    {
        const string op = "NllLoss";
        InPlace.RequireFloat(input, op);
        if (input.Rank == 0)
        {
            throw new ArgumentException($"{op}: input must have at least one dimension (the classes), got a 0-d tensor.");
        }

        var classDim = input.Rank == 1 ? 0 : 1;
        CheckWeight(op, weight, input.Shape[classDim]);
        return NllFromTargets(input, ClassTargets(op, input, target, weight, ignoreIndex, classDim), classDim, reduction);
    }

    /// <summary>Mean squared error, (input − target)² reduced (<c>F.mse_loss</c>).</summary>
    /// <remarks>
    /// Input and target should have the same shape. As in PyTorch, shapes that differ but broadcast to one of them warn
    /// (<see cref="Warnings"/>); shapes that broadcast to a larger shape than both ([41, 1] against [41]) throw.
    /// The same holds for <see cref="L1Loss"/>, <see cref="SmoothL1Loss"/> and <see cref="HuberLoss"/>.
    /// </remarks>
    public static Tensor MseLoss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
    {
        CheckTargetShape("MseLoss", input, target);
        return Reduce(Composites.SquaredErrorNode(input, target), reduction);
    }

    /// <summary>Mean absolute error, |input − target| reduced (<c>F.l1_loss</c>).</summary>
    public static Tensor L1Loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
    {
        CheckTargetShape("L1Loss", input, target);
        return Reduce(Tensor.Abs(input - target), reduction);
    }

    /// <summary>
    /// Smooth L1 (<c>F.smooth_l1_loss</c>): with z = |input − target|, 0.5·z²/β where z &lt; β, else z − 0.5·β; plain L1 when β = 0.
    /// </summary>
    public static Tensor SmoothL1Loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean, double beta = 1.0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(beta);
        CheckTargetShape("SmoothL1Loss", input, target);
        var z = Tensor.Abs(input - target);
        if (beta == 0)
        {
            return Reduce(z, reduction);
        }

        return Reduce(Tensor.Where(z.Lt(beta), z * z * (0.5 / beta), z - 0.5 * beta), reduction);
    }

    /// <summary>Huber loss (<c>F.huber_loss</c>): with z = |input − target|, 0.5·z² where z &lt; δ, else δ·(z − 0.5·δ).</summary>
    public static Tensor HuberLoss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean, double delta = 1.0)
    {
        if (!(delta > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "HuberLoss: delta must be positive.");
        }

        CheckTargetShape("HuberLoss", input, target);
        var z = Tensor.Abs(input - target);
        return Reduce(Tensor.Where(z.Lt(delta), z * z * 0.5, (z - 0.5 * delta) * delta), reduction);
    }

    /// <summary>
    /// Binary cross entropy of probabilities (<c>F.binary_cross_entropy</c>): −w·(y·log x + (1 − y)·log(1 − x)), with each
    /// log clamped at −100 as PyTorch does, so x = 0 or 1 gives a finite loss.
    /// </summary>
    public static Tensor BinaryCrossEntropy(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean)
    {
        const string op = "BinaryCrossEntropy";
        InPlace.RequireFloat(input, op);
        if (input.Shape != target.Shape)
        {
            throw new ArgumentException($"{op}: target of shape {target.Shape} must have the input's shape {input.Shape}.");
        }

        foreach (var v in input.ToDoubleArray())
        {
            if (!(v >= 0 && v <= 1))
            {
                throw new ArgumentException($"{op}: all elements of input should be between 0 and 1, found {v}.");
            }
        }

        var logX = Tensor.Clamp(Tensor.Log(input), min: -100);
        var logOneMinusX = Tensor.Clamp(Tensor.Log(1.0 - input), min: -100);
        var loss = -(target * logX + (1.0 - target) * logOneMinusX);
        return Reduce(weight is null ? loss : loss * weight, reduction);
    }

    /// <summary>
    /// Binary cross entropy on logits (<c>F.binary_cross_entropy_with_logits</c>), in the stable form
    /// (1 − y)·x − (1 + (p − 1)·y)·log σ(x), where p is the optional positive-class weight (broadcast over the last dimension).
    /// </summary>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean,
        Tensor? posWeight = null)
    {
        const string op = "BinaryCrossEntropyWithLogits";
        InPlace.RequireFloat(input, op);
        if (input.Shape != target.Shape)
        {
            throw new ArgumentException($"{op}: target of shape {target.Shape} must have the input's shape {input.Shape}.");
        }

        if (posWeight is null)
        {
            var elementwise = Composites.BinaryCrossEntropyWithLogitsNode(input, target);
            return Reduce(weight is null ? elementwise : elementwise * weight, reduction);
        }

        var logSigmoid = Tensor.LogSigmoid(input);
        var logWeight = posWeight is null ? null : (posWeight - 1.0) * target + 1.0;
        var loss = (1.0 - target) * input - (logWeight is null ? logSigmoid : logWeight * logSigmoid);
        return Reduce(weight is null ? loss : loss * weight, reduction);
    }

    /// <summary>
    /// The elementwise regression losses (MSE, L1, smooth L1, Huber) compare input and target element by element. When
    /// their shapes differ but broadcast, PyTorch computes the broadcast loss and warns; here the same warning is issued
    /// (once per call site, through <see cref="Warnings"/>) when the broadcast shape is one operand's (a constant target,
    /// an extra leading axis, or one prediction against a batch of targets: deliberate uses exist), and an exception is
    /// thrown when it is larger than both, as a [41, 1] prediction against a [41] target giving [41, 41]: every prediction
    /// compared with every target is never what a regression means, and a silently wrong loss costs more than an error.
    /// </summary>
    internal static void CheckTargetShape(string op, Tensor input, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        if (input.Shape == target.Shape)
        {
            return;
        }

        var broadcast = Shape.Broadcast(input.Shape, target.Shape, op);
        if (broadcast.NumElements > input.NumElements && broadcast.NumElements > target.NumElements)
        {
            throw new ArgumentException(
                $"{op}: input of shape {input.Shape} and target of shape {target.Shape} broadcast to {broadcast}, which compares every " +
                $"prediction with several targets. Make the shapes match, e.g. target.Reshape({string.Join(", ", input.Shape.ToArray())}) " +
                "or input.Squeeze(-1).");
        }

        Warnings.Warn(op,
            $"{op}: using a target size ({target.Shape}) that is different to the input size ({input.Shape}). This will likely lead to " +
            $"incorrect results due to broadcasting (to {broadcast}). Please ensure they have the same size.");
    }

    /// <summary>Applies <paramref name="reduction"/> to per-element losses: unchanged, their mean, or their sum.</summary>
    internal static Tensor Reduce(Tensor loss, Reduction reduction) => reduction switch
    {
        Reduction.None => loss,
        Reduction.Sum => loss.Sum(),
        Reduction.Mean => loss.Sum() / loss.NumElements,
        _ => throw new ArgumentOutOfRangeException(nameof(reduction), reduction, "Unknown reduction."),
    };

    private static Tensor NllFromTargets(Tensor logProbabilities, ClassTargetMasks targets, int classDim, Reduction reduction)
    {
        var picked = -logProbabilities.Gather(classDim, targets.Index).Reshape(targets.SampleWeight.Shape.ToArray()) * targets.SampleWeight;
        return reduction switch
        {
            Reduction.None => picked,
            Reduction.Sum => picked.Sum(),
            _ => MeanOverKept(picked.Sum(), targets.SampleWeight.Sum()),
        };
    }

    /// <summary>
    /// <paramref name="total"/> / <paramref name="weightSum"/>, the mean over kept targets. NOTE: when every target is
    /// ignored the divisor is 0; PyTorch's loss is then NaN (0/0) but its gradient is zero, so a batch of padding leaves
    /// the parameters alone, whereas dividing by the 0 would back-propagate 0·∞ = NaN.
    /// </summary>
    private static Tensor MeanOverKept(Tensor total, Tensor weightSum)
        => weightSum.ItemAsDouble() == 0 ? total * 0.0 + double.NaN : total / weightSum;

    private static void CheckWeight(string op, Tensor? weight, int classes)
    {
        if (weight is not null && (weight.Rank != 1 || weight.Shape[0] != classes))
        {
            throw new ArgumentException($"{op}: weight of shape {weight.Shape} must be 1-D with one entry per class ([{classes}]).");
        }
    }

    /// <summary>[C] viewed as [C, 1, ..., 1] so it broadcasts along the class dimension of a rank-<paramref name="rank"/> input.</summary>
    private static Tensor BroadcastClassWeight(Tensor weight, int rank, int classDim)
    {
        var dims = new int[rank - classDim];
        Array.Fill(dims, 1);
        dims[0] = weight.Shape[0];
        return weight.Reshape(dims);
    }

    /// <summary>
    /// Constant tensors describing index targets: the gather index (the target with a size-1 class dimension, ignored
    /// entries pointing at class 0), the weight of each target's class (0 when ignored) and a 1/0 mask of kept targets,
    /// both shaped like the target.
    /// </summary>
    private static ClassTargetMasks ClassTargets(string op, Tensor input, Tensor target, Tensor? weight, long ignoreIndex, int classDim)
    {
        if (target.DType != DType.Int64)
        {
            throw new ArgumentException($"{op}: class-index targets must be int64, got {target.DType.ToTorchName()} of shape {target.Shape}.");
        }

        var dims = input.Shape.ToArray();
        var expected = new List<int>(dims);
        expected.RemoveAt(classDim);
        if (target.Shape != new Shape([.. expected]))
        {
            throw new ArgumentException($"{op}: expected a target of shape {new Shape([.. expected])} for an input of shape {input.Shape}, got {target.Shape}.");
        }

        var (outer, classes, inner) = Tensor.Split(dims, classDim);
        var labels = target.ToArray<long>();
        var classWeights = weight?.ToDoubleArray();
        var indexDims = input.Shape.ToArray();
        indexDims[classDim] = 1;
        var index = Tensor.Zeros(new Shape(indexDims), DType.Int64);
        var indexData = index.Data<long>();
        var sampleWeight = Tensor.Empty(target.Shape, input.DType);
        var kept = Tensor.Empty(target.Shape, input.DType);
        for (var o = 0; o < outer; o++)
        {
            for (var i = 0; i < inner; i++)
            {
                var t = o * inner + i;
                var label = labels[t];
                if (label == ignoreIndex)
                {
                    sampleWeight.SetFlat(t, 0.0);
                    kept.SetFlat(t, 0.0);
                    continue;
                }

                if (label < 0 || label >= classes)
                {
                    throw new ArgumentException($"{op}: target {label} is out of bounds for {classes} classes (input shape {input.Shape}).");
                }

                indexData[t] = label;
                sampleWeight.SetFlat(t, classWeights is null ? 1.0 : classWeights[label]);
                kept.SetFlat(t, 1.0);
            }
        }

        return new ClassTargetMasks(index, sampleWeight, kept);
    }

    private sealed record ClassTargetMasks(Tensor Index, Tensor SampleWeight, Tensor Kept);
}
