namespace AutoDiffGen;

/// <summary>
/// Cross-check mode: the backward of every generated node (<c>FNode</c>) also replays the forward op by op on the tape
/// and compares the gradients, so a wrong <c>[DerivativeOf]</c> rule or a generator bug shows up at the node it breaks,
/// naming the method, the input and the largest difference (<see cref="GradientMismatchException"/>).
/// </summary>
/// <remarks>
/// Turn it on for one thread with <c>using (Autograd.CrossCheck()) { ... }</c>, or for the whole process with
/// <see cref="Enabled"/> or the environment variable <c>AUTODIFFGEN_CROSSCHECK=1</c> (so a whole test suite runs under
/// it). Off, it costs each generated backward one branch on a static field. On, each generated backward runs the forward
/// again with recording and one tape backward: several times slower, for debugging and tests only.
/// The scalar <c>FGradient</c> methods are not checked: they record nothing on the tape.
/// </remarks>
public static class CrossCheck
{
    /// <summary>The environment variable that turns <see cref="Enabled"/> on at start-up (<c>1</c> or <c>true</c>).</summary>
    public const string EnvironmentVariable = "AUTODIFFGEN_CROSSCHECK";

    private static readonly object s_gate = new();

    // Field initializers, not a static constructor, so the JIT needs no class-initialization check on the hot path.
    private static bool s_enabled = IsSwitchedOn(Environment.GetEnvironmentVariable(EnvironmentVariable));

    // Process-wide count of reasons to look closer (the switch, plus every open scope on any thread): the only thing the
    // generated code reads while cross-check is off, so the off path is one load and one branch.
    private static int s_armed = s_enabled ? 1 : 0;

    [ThreadStatic]
    private static CrossCheckSettings? t_settings;

    [ThreadStatic]
    private static int t_nodesChecked;

    /// <summary>
    /// Cross-check mode for every thread, with the per-dtype default tolerances, throwing on the first mismatch. Starts
    /// true when the environment variable <c>AUTODIFFGEN_CROSSCHECK</c> is <c>1</c> or <c>true</c>.
    /// </summary>
    public static bool Enabled
    {
        get => s_enabled;
        set
        {
            lock (s_gate)
            {
                if (value != s_enabled)
                {
                    s_enabled = value;
                    Interlocked.Add(ref s_armed, value ? 1 : -1);
                }
            }
        }
    }

    /// <summary>
    /// True when the current thread is in cross-check mode (<see cref="Enabled"/>, or inside an
    /// <see cref="Autograd.CrossCheck"/> scope). Generated backwards test it before calling <see cref="Compare"/>.
    /// </summary>
    public static bool IsActive => Volatile.Read(ref s_armed) != 0 && IsActiveOnThisThread();

    /// <summary>Generated nodes compared on this thread so far (tests read it to see that the check ran, or did not).</summary>
    internal static int NodesCheckedOnThisThread => t_nodesChecked;

    /// <summary>The relative tolerance used when a scope gives none: 1e-3 for float32, 1e-7 for float64.</summary>
    public static double DefaultRelativeTolerance(DType dtype) => dtype == DType.Float64 ? 1e-7 : 1e-3;

    /// <summary>
    /// The absolute tolerance used when a scope gives none: 1e-4 for float32, 1e-9 for float64 (gradients that cancel to
    /// about zero differ by rounding alone, which the relative part cannot absorb).
    /// </summary>
    public static double DefaultAbsoluteTolerance(DType dtype) => dtype == DType.Float64 ? 1e-9 : 1e-4;

    /// <summary>
    /// Called by a generated node's backward after it filled <paramref name="inputGrads"/>: replays
    /// <paramref name="forward"/> on detached copies of the node's inputs with recording on, takes the tape's gradients
    /// for the same <paramref name="grad"/>, and compares them input by input.
    /// </summary>
    /// <param name="method">The <c>[Differentiable]</c> method, <c>Type.Name</c>, for the message.</param>
    /// <param name="inputNames">The parameter name of each node input, for the message.</param>
    /// <param name="node">The node being differentiated.</param>
    /// <param name="grad">The gradient of the node's result.</param>
    /// <param name="inputGrads">The generated backward's gradients, one per input (null means zero).</param>
    /// <param name="forward">The user's method over the node's inputs, e.g. <c>static inputs => Layer(inputs[0], inputs[1])</c>.</param>
    /// <exception cref="GradientMismatchException">The gradients of some input disagree beyond the tolerances (unless the
    /// scope has a mismatch handler).</exception>
    public static void Compare(string method, string[] inputNames, Node node, Tensor grad, Tensor?[] inputGrads, Func<Tensor[], Tensor> forward)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(inputNames);
        ArgumentNullException.ThrowIfNull(inputGrads);
        ArgumentNullException.ThrowIfNull(forward);
        var settings = t_settings ?? CrossCheckSettings.Default;
        t_nodesChecked++;

        var inputs = node.InputsOrThrow;
        var tapeGrads = Replay(inputs, grad, forward);
        using var noGrad = Autograd.NoGrad();
        for (var i = 0; i < inputs.Length; i++)
        {
            // A backward may skip the gradient of an input the graph does not need (the engine would drop it anyway).
            if (!node.NeedsInputGrad(i))
            {
                continue;
            }

            var name = i < inputNames.Length ? inputNames[i] : "input" + i;
            var mismatch = CompareOne(method, name, i, inputs[i], inputGrads[i], tapeGrads[i], settings);
            if (mismatch is not null)
            {
                if (settings.OnMismatch is { } handler)
                {
                    handler(mismatch);
                    return;
                }

                throw mismatch;
            }
        }
    }

    /// <summary>
    /// <see cref="Compare(string, string[], Node, Tensor, Tensor?[], Func{Tensor[], Tensor})"/> for a node that carries
    /// state (its non-tensor parameters, e.g. an axis): <paramref name="state"/> is passed to <paramref name="forward"/>.
    /// </summary>
    public static void Compare<TState>(
        string method, string[] inputNames, Node node, Tensor grad, Tensor?[] inputGrads, TState state, Func<Tensor[], TState, Tensor> forward)
    {
        ArgumentNullException.ThrowIfNull(forward);
        Compare(method, inputNames, node, grad, inputGrads, inputs => forward(inputs, state));
    }

    internal static CrossCheckSettings? Enter(CrossCheckSettings settings)
    {
        var previous = t_settings;
        t_settings = settings;
        Interlocked.Increment(ref s_armed);
        return previous;
    }

    internal static void Exit(CrossCheckSettings? previous)
    {
        t_settings = previous;
        Interlocked.Decrement(ref s_armed);
    }

    /// <summary>How the environment variable is read: <c>1</c> or <c>true</c> (any case, surrounding spaces allowed).</summary>
    internal static bool IsSwitchedOn(string? value) =>
        value is not null && (value.Trim() == "1" || value.Trim().Equals("true", StringComparison.OrdinalIgnoreCase));

    private static bool IsActiveOnThisThread() => s_enabled || t_settings is not null;

    /// <summary>The tape's gradients: the forward re-run op by op on detached leaves, then one backward for <paramref name="grad"/>.</summary>
    private static Tensor?[] Replay(Tensor[] inputs, Tensor grad, Func<Tensor[], Tensor> forward)
    {
        var leaves = new Tensor[inputs.Length];
        for (var i = 0; i < inputs.Length; i++)
        {
            leaves[i] = inputs[i].Detach().RequiresGrad_();
        }

        Tensor output;
        using (Autograd.EnableGrad())
        {
            output = forward(leaves);
        }

        // NOTE: an output that does not depend on any input through the tape has a zero gradient everywhere.
        return output.RequiresGrad ? Autograd.Grad(output, leaves, grad.Detach()) : new Tensor?[inputs.Length];
    }

    private static GradientMismatchException? CompareOne(
        string method, string name, int index, Tensor input, Tensor? generated, Tensor? tape, CrossCheckSettings settings)
    {
        if (generated is not null && generated.Shape != input.Shape)
        {
            return new GradientMismatchException(method, name, index, input.Shape, generated.Shape);
        }

        if (generated is null && tape is null)
        {
            return null;
        }

        var dtype = (generated ?? tape)!.DType;
        var rtol = settings.RelativeTolerance ?? DefaultRelativeTolerance(dtype);
        var atol = settings.AbsoluteTolerance ?? DefaultAbsoluteTolerance(dtype);
        var count = input.NumElements;
        var ours = generated?.ToDoubleArray() ?? new double[count];
        var theirs = tape?.ToDoubleArray() ?? new double[count];

        // The worst violating element, NaN against a number counting as the worst of all.
        var worst = -1;
        var worstDifference = -1.0;
        for (var e = 0; e < count; e++)
        {
            var a = ours[e];
            var b = theirs[e];
            if (a.Equals(b))
            {
                continue;
            }

            var difference = double.IsNaN(a) || double.IsNaN(b) || double.IsInfinity(a) || double.IsInfinity(b)
                ? double.PositiveInfinity
                : Math.Abs(a - b);
            if (difference > atol + rtol * Math.Abs(b) && difference > worstDifference)
            {
                worst = e;
                worstDifference = difference;
            }
        }

        return worst < 0
            ? null
            : new GradientMismatchException(method, name, index, input.Shape, worst, Position(input.Shape, worst), ours[worst], theirs[worst], rtol, atol);
    }

    /// <summary>The row-major multi-index of flat index <paramref name="flat"/>.</summary>
    private static int[] Position(Shape shape, long flat)
    {
        var position = new int[shape.Rank];
        for (var axis = shape.Rank - 1; axis >= 0; axis--)
        {
            position[axis] = (int)(flat % shape[axis]);
            flat /= shape[axis];
        }

        return position;
    }
}
