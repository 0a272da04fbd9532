namespace AutoDiffGen;

public static partial class Autograd
{
    [ThreadStatic]
    private static int t_anomalyDepth;

    /// <summary>True inside a <see cref="DetectAnomaly"/> scope on this thread.</summary>
    public static bool IsAnomalyDetectionEnabled => t_anomalyDepth > 0;

    /// <summary>
    /// Anomaly mode on this thread until disposed (PyTorch's <c>torch.autograd.detect_anomaly()</c>): every operation
    /// recorded inside the scope keeps the stack trace of its forward call, and the first NaN or infinity a backward
    /// produces inside the scope throws <see cref="AnomalyDetectedException"/> naming the node and that stack trace.
    /// Slow (a stack trace per operation and a scan of every gradient): for debugging only. Scopes nest.
    /// </summary>
    /// <example><code>
    /// using (Autograd.DetectAnomaly())
    /// {
    ///     var loss = model.Forward(x).Sum();
    ///     loss.Backward();   // throws at the first NaN gradient, naming the node and its forward's stack trace
    /// }
    /// </code></example>
    public static AnomalyModeScope DetectAnomaly() => new(0);

    /// <summary>An anomaly-detection scope; ends anomaly mode (unless an outer scope is still open) when disposed.</summary>
    public readonly struct AnomalyModeScope : IDisposable
    {
        internal AnomalyModeScope(int unused)
        {
            _ = unused;
            t_anomalyDepth++;
        }

        /// <summary>Leaves this anomaly-detection scope.</summary>
        public void Dispose() => t_anomalyDepth = Math.Max(0, t_anomalyDepth - 1);
    }
}
