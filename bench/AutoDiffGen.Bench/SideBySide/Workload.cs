namespace AutoDiffGen.Bench.SideBySide;

/// <summary>What one child process of the side-by-side harness runs: a library, a training loop, and whether a busy process competes.</summary>
/// <param name="Library">"ours" or "libtorch".</param>
/// <param name="Loop">"pytorch" (randperm + IndexSelect), "pytorch-keep" (the same with <c>ZeroGrad(setToNone: false)</c>) or "readme" (DataLoader + TensorScope).</param>
/// <param name="Busy">Whether a busy-loop process runs beside it.</param>
/// <param name="Environment">An environment variable set for the child (e.g. <c>DOTNET_TieredCompilation=0</c>), or null.</param>
public sealed record Workload(string Library, string Loop, bool Busy, string? Environment = null)
{
    /// <summary>The label of the workload's rows.</summary>
    public string Label => $"{(Library == "ours" ? "AutoDiffGen" : "libtorch 2.10")}{(Loop == "pytorch-keep" ? ", ZeroGrad(setToNone: false)" : "")}{(Busy ? ", busy process beside" : "")}{(Environment is null ? "" : $", {Environment}")}";

    /// <summary>Shared constants of both libraries' loops (samples/MnistMlp's defaults).</summary>
    public static class Mlp
    {
        /// <summary>Samples per batch (the sample's default).</summary>
        public const int BatchSize = 128;

        /// <summary>SGD's learning rate (the sample's default for SGD).</summary>
        public const double LearningRate = 0.1;

        /// <summary>SGD's momentum (the sample's).</summary>
        public const double Momentum = 0.9;

        /// <summary>Steps run before the timed epochs of the PyTorch-style loop.</summary>
        public const int WarmupSteps = 50;

        /// <summary>Timed epochs per process.</summary>
        public const int Epochs = 3;

        /// <summary>
        /// GEMM floating-point operations of one epoch of the 784-256-128-10 MLP over 60,000 samples: per sample
        /// 2·(784·256 + 256·128 + 128·10) forward, the same again for the weight gradients, and 2·(256·128 + 128·10)
        /// for the input gradients of layers 2 and 3 (layer 1's input needs none): 1,007,104 × 60,000.
        /// </summary>
        public const double GemmFlopsPerEpoch = 60_000.0 * 1_007_104;
    }
}
