using System.Globalization;

namespace MnistMlp;

/// <summary>The sample's command-line options, with PyTorch's classic MNIST example values as defaults.</summary>
internal sealed record Options
{
    public int Epochs { get; init; } = 10;

    public int BatchSize { get; init; } = 128;

    /// <summary>Learning rate; null picks the optimizer's default (0.1 for SGD, 0.001 for Adam).</summary>
    public double? LearningRate { get; init; }

    public string Optimizer { get; init; } = "sgd";

    public long Seed { get; init; } = 1;

    /// <summary>Where the MNIST files are cached; null means <c>~/.cache/autodiffgen/mnist</c>.</summary>
    public string? DataFolder { get; init; }

    /// <summary>Where the plot and the checkpoint are written.</summary>
    public string OutputFolder { get; init; } = Path.Combine("artifacts", "mnist-mlp");

    /// <summary>Data-parallel training across the processes of an mpirun job (each rank takes a shard of every epoch).</summary>
    public bool Distributed { get; init; }

    /// <summary>Skip the loss plot (for timing runs).</summary>
    public bool NoPlot { get; init; }

    public const string Usage = """
        Trains a 784-256-128-10 MLP on MNIST with AutoDiffGen.

        Usage: dotnet run -c Release --project samples/MnistMlp -- [options]

          --epochs N         epochs to train (default 10)
          --batch-size N     samples per batch (default 128)
          --lr X             initial learning rate, cosine-annealed to 0 (default 0.1 for sgd, 0.001 for adam)
          --optimizer NAME   sgd (momentum 0.9) or adam (default sgd)
          --seed N           seed for initialisation and shuffling (default 1)
          --data DIR         MNIST folder (default ~/.cache/autodiffgen/mnist; fetched on first use)
          --output DIR       where the plot and checkpoint go (default ./artifacts/mnist-mlp)
          --distributed      data-parallel across the ranks of `mpirun -np N dotnet MnistMlp.dll --distributed`
                             (each rank's batch is --batch-size; rank 0 prints and writes the checkpoint)
          --no-plot          skip the loss plot
          --help             show this text
        """;

    /// <summary>Parses <paramref name="args"/>; returns null and sets <paramref name="error"/> (null for --help) when the run should stop.</summary>
    public static Options? Parse(string[] args, out string? error)
    {
        var options = new Options();
        error = null;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "--help" or "-h")
            {
                return null;
            }

            if (name is "--distributed" or "--no-plot")
            {
                options = name == "--distributed" ? options with { Distributed = true } : options with { NoPlot = true };
                continue;
            }

            if (i + 1 >= args.Length)
            {
                error = $"{name} needs a value.";
                return null;
            }

            var value = args[++i];
            try
            {
                options = name switch
                {
                    "--epochs" => options with { Epochs = Positive(name, int.Parse(value, CultureInfo.InvariantCulture)) },
                    "--batch-size" => options with { BatchSize = Positive(name, int.Parse(value, CultureInfo.InvariantCulture)) },
                    "--lr" => options with { LearningRate = double.Parse(value, CultureInfo.InvariantCulture) is var lr and > 0 ? lr : throw new FormatException($"{name} must be positive.") },
                    "--optimizer" => options with { Optimizer = value.ToLowerInvariant() is "sgd" or "adam" ? value.ToLowerInvariant() : throw new FormatException($"{name} must be sgd or adam.") },
                    "--seed" => options with { Seed = long.Parse(value, CultureInfo.InvariantCulture) },
                    "--data" => options with { DataFolder = value },
                    "--output" => options with { OutputFolder = value },
                    _ => throw new FormatException($"unknown option {name}."),
                };
            }
            catch (Exception e) when (e is FormatException or OverflowException)
            {
                error = e.Message.StartsWith("--", StringComparison.Ordinal) || e.Message.StartsWith("unknown", StringComparison.Ordinal)
                    ? e.Message
                    : $"{name}: '{value}' is not a valid value.";
                return null;
            }
        }

        return options;
    }

    private static int Positive(string name, int value) => value > 0 ? value : throw new FormatException($"{name} must be positive.");
}
