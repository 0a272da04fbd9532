namespace AutoDiffGen;

public static partial class Autograd
{
    /// <summary>
    /// Turns on cross-check mode on this thread until disposed: the backward of every generated node (<c>FNode</c>)
    /// also replays its forward op by op on the tape and compares the two gradients, throwing
    /// <see cref="GradientMismatchException"/> at the first disagreement. Scopes nest; the innermost one's tolerances
    /// apply. See <see cref="AutoDiffGen.CrossCheck"/> for the process-wide switch.
    /// </summary>
    /// <param name="relativeTolerance">Allowed |generated − tape| relative to |tape|; null for the dtype's default
    /// (<see cref="AutoDiffGen.CrossCheck.DefaultRelativeTolerance"/>).</param>
    /// <param name="absoluteTolerance">Allowed |generated − tape| on top of the relative part; null for the dtype's default
    /// (<see cref="AutoDiffGen.CrossCheck.DefaultAbsoluteTolerance"/>).</param>
    /// <param name="onMismatch">Called with the mismatch instead of throwing it, e.g. to log every bad node of a run.</param>
    /// <example><code>
    /// using (Autograd.CrossCheck())
    /// {
    ///     loss = model.Forward(x).Sum();
    ///     loss.Backward();   // throws GradientMismatchException naming the node, the input and the largest difference
    /// }
    /// </code></example>
    public static CrossCheckScope CrossCheck(double? relativeTolerance = null, double? absoluteTolerance = null, Action<GradientMismatchException>? onMismatch = null)
    {
        if (relativeTolerance is < 0 || absoluteTolerance is < 0)
        {
            throw new ArgumentOutOfRangeException(
                relativeTolerance is < 0 ? nameof(relativeTolerance) : nameof(absoluteTolerance),
                $"Autograd.CrossCheck: tolerances must be non-negative, got relative {relativeTolerance}, absolute {absoluteTolerance}.");
        }

        return new CrossCheckScope(new CrossCheckSettings(relativeTolerance, absoluteTolerance, onMismatch));
    }
}
