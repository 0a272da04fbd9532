using System.Globalization;

namespace AutoDiffGen.Nn;

/// <summary>
/// What <see cref="BatchNorm1d"/> and <see cref="BatchNorm2d"/> share (PyTorch's <c>_BatchNorm</c>): weight (ones) and
/// bias (zeros) when affine; buffers <c>running_mean</c> (zeros), <c>running_var</c> (ones) and
/// <c>num_batches_tracked</c> (int64) when tracking running statistics, under those names in the state dict. Training
/// normalises by the batch's statistics and updates the running ones; evaluation uses the running ones (or the batch's
/// when not tracked). A null momentum makes the running statistics a cumulative average.
/// </summary>
public abstract class BatchNormBase : Module
{
    private readonly string _layer;

    /// <summary>Creates the layer.</summary>
    /// <param name="layer">The layer's name, for messages.</param>
    /// <param name="numFeatures">Channels C of the input.</param>
    /// <param name="eps">Added to the variance for stability.</param>
    /// <param name="momentum">Weight of each batch in the running statistics; null for a cumulative average.</param>
    /// <param name="affine">Whether to learn weight and bias.</param>
    /// <param name="trackRunningStats">Whether to keep running statistics (and use them in evaluation).</param>
    /// <param name="dtype">Parameter and statistics dtype.</param>
    private protected BatchNormBase(string layer, int numFeatures, double eps, double? momentum, bool affine, bool trackRunningStats, DType dtype)
    {
        if (numFeatures <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(numFeatures), numFeatures, $"{layer}: num_features must be positive.");
        }

        _layer = layer;
        NumFeatures = numFeatures;
        Eps = eps;
        Momentum = momentum;
        Affine = affine;
        TrackRunningStats = trackRunningStats;
        Weight = RegisterParameter("weight", affine ? Tensor.Ones(new Shape(numFeatures), dtype) : null);
        Bias = RegisterParameter("bias", affine ? Tensor.Zeros(new Shape(numFeatures), dtype) : null);
        RunningMean = RegisterBuffer("running_mean", trackRunningStats ? Tensor.Zeros(new Shape(numFeatures), dtype) : null);
        RunningVar = RegisterBuffer("running_var", trackRunningStats ? Tensor.Ones(new Shape(numFeatures), dtype) : null);
        NumBatchesTracked = RegisterBuffer("num_batches_tracked", trackRunningStats ? Tensor.Zeros(Shape.Scalar, DType.Int64) : null);
    }

    /// <summary>Channels C of the input.</summary>
    public int NumFeatures { get; }

    /// <summary>Added to the variance for stability.</summary>
    public double Eps { get; }

    /// <summary>Weight of each batch in the running statistics; null for a cumulative average.</summary>
    public double? Momentum { get; }

    /// <summary>Whether weight and bias are learned.</summary>
    public bool Affine { get; }

    /// <summary>Whether running statistics are kept.</summary>
    public bool TrackRunningStats { get; }

    /// <summary>The learned scale [C], or null when not affine.</summary>
    public Tensor? Weight { get; }

    /// <summary>The learned shift [C], or null when not affine.</summary>
    public Tensor? Bias { get; }

    /// <summary>The running mean [C], or null when not tracked.</summary>
    public Tensor? RunningMean { get; }

    /// <summary>The running (unbiased) variance [C], or null when not tracked.</summary>
    public Tensor? RunningVar { get; }

    /// <summary>The number of training batches seen (int64 scalar), or null when not tracked.</summary>
    public Tensor? NumBatchesTracked { get; }

    /// <summary>The input ranks this layer accepts.</summary>
    private protected abstract bool AcceptsRank(int rank);

    /// <summary>The shapes this layer accepts, for messages.</summary>
    private protected abstract string ExpectedShapes { get; }

    /// <summary>Resets the running statistics (mean 0, variance 1, no batches).</summary>
    public void ResetRunningStats()
    {
        if (TrackRunningStats)
        {
            using var noGrad = Autograd.NoGrad();
            RunningMean!.Copy_(Tensor.ZerosLike(RunningMean));
            RunningVar!.Copy_(Tensor.OnesLike(RunningVar));
            NumBatchesTracked!.Copy_(Tensor.Zeros(Shape.Scalar, DType.Int64));
        }
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        if (!AcceptsRank(input.Rank) || input.Shape[1] != NumFeatures)
        {
            throw new ArgumentException($"{_layer}: expected {ExpectedShapes} input with C = {NumFeatures}, got shape {input.Shape}.");
        }

        double factor = Momentum ?? 0;
        if (IsTraining && TrackRunningStats)
        {
            long seen = NumBatchesTracked!.Item<long>() + 1;
            NumBatchesTracked.Copy_(Tensor.FromArray(new[] { seen }).Reshape());
            factor = Momentum ?? 1.0 / seen;
        }

        // Untracked statistics are null, so the batch's are used in evaluation too (PyTorch's bn_training).
        return Functional.BatchNorm(input, RunningMean, RunningVar, Weight, Bias, IsTraining || !TrackRunningStats, factor, Eps);
    }

    /// <inheritdoc/>
    protected override string ExtraRepresentation() => string.Create(CultureInfo.InvariantCulture,
        $"{NumFeatures}, eps={Eps}, momentum={(Momentum is { } m ? m.ToString(CultureInfo.InvariantCulture) : "None")}, affine={(Affine ? "True" : "False")}, track_running_stats={(TrackRunningStats ? "True" : "False")}");
}
