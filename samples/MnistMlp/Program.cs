using System.Diagnostics;
using AutoDiffGen;
using AutoDiffGen.Data;
using AutoDiffGen.Distributed;
using AutoDiffGen.Nn;
using AutoDiffGen.Optim;
using AutoDiffGen.Serialization;
using MnistMlp;
using Spectre.Console;

// Trains a 784-256-128-10 MLP on MNIST: the README's main command.
var options = Options.Parse(args, out var error);
if (options is null)
{
    if (error is not null)
    {
        Console.Error.WriteLine($"error: {error}");
    }

    Console.WriteLine(Options.Usage);
    return error is null ? 0 : 2;
}

// Under mpirun every rank runs this program; rank 0 prints, the others stay quiet.
var group = options.Distributed ? ProcessGroup.Init() : null;
var isMain = group?.IsMainProcess ?? true;

// Redirected output (CI logs, files) gets plain text: no colours, no cursor movement, no live progress bar.
if (!isMain)
{
    AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, Interactive = InteractionSupport.No, Out = new AnsiConsoleOutput(TextWriter.Null) });
}
else if (Console.IsOutputRedirected)
{
    AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = AnsiSupport.No,
        ColorSystem = ColorSystemSupport.NoColors,
        Interactive = InteractionSupport.No,
        Out = new AnsiConsoleOutput(Console.Out),
    });

    // A log has no width: wrapping at the default 80 columns would split URLs and paths.
    AnsiConsole.Profile.Width = 1000;
}

AnsiConsole.MarkupLine($"[bold]AutoDiffGen MNIST MLP[/]  optimizer {options.Optimizer}, {options.Epochs} epochs, batch {options.BatchSize}, seed {options.Seed}" +
    (group is null ? string.Empty : $", {group.WorldSize} processes (batch {options.BatchSize} each)"));

Mnist train, test;
try
{
    void Log(string line) => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(line)}[/]");
    train = new Mnist(options.DataFolder, train: true, flatten: true, normalize: true, log: Log);
    test = new Mnist(options.DataFolder, train: false, flatten: true, normalize: true, log: Log);
}
catch (Exception e) when (e is IOException or InvalidDataException)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

AnsiConsole.MarkupLine($"[grey]MNIST: {train.Count:N0} training and {test.Count:N0} test images from {Markup.Escape(train.Folder)}[/]");

var init = new Generator(options.Seed);
Module model = new Sequential(
    new Linear(784, 256, generator: init),
    new ReLU(),
    new Linear(256, 128, generator: init),
    new ReLU(),
    new Linear(128, 10, generator: init));
if (group is not null)
{
    // Rank 0's initial weights are broadcast; afterwards every backward averages the gradients across ranks.
    model = new DistributedDataParallel(model, group);
}

var criterion = new CrossEntropyLoss();
Optimizer optimizer = options.Optimizer == "adam"
    ? new Adam(model.Parameters(), lr: options.LearningRate ?? 1e-3)
    : new SGD(model.Parameters(), lr: options.LearningRate ?? 0.1, momentum: 0.9);

// Distributed: each rank takes every WorldSize-th sample of an order shared by all ranks, a new order each epoch.
var sampler = group is null ? null : new DistributedSampler(train.Count, group.WorldSize, group.Rank, shuffle: true, seed: options.Seed + 1);
DataLoader TrainLoader(int epoch)
{
    sampler?.SetEpoch(epoch);
    return sampler is null
        ? new DataLoader(train, options.BatchSize, shuffle: true, generator: new Generator(options.Seed + 1))
        : new DataLoader(sampler.Shard(train), options.BatchSize);
}

var trainLoader = TrainLoader(0);

// The learning rate follows a cosine from its initial value down to 0 over the whole run, one step per batch: the large
// early steps make fast progress, the small late ones settle into a minimum instead of bouncing around it.
var scheduler = new CosineAnnealingLR(optimizer, tMax: options.Epochs * trainLoader.Count);
var testLoader = new DataLoader(test, batchSize: 1000);

Directory.CreateDirectory(options.OutputFolder);
var checkpointPath = Path.Combine(options.OutputFolder, "mnist-mlp.safetensors");
var plotPath = Path.Combine(options.OutputFolder, "mnist-mlp.png");
var results = new List<EpochResult>();
var batchLosses = new List<(double Epoch, double Loss)>();
var total = Stopwatch.StartNew();

for (var epoch = 1; epoch <= options.Epochs; epoch++)
{
    model.Train();
    if (sampler is not null)
    {
        trainLoader = TrainLoader(epoch);
    }

    var progress = new EpochProgress($"Epoch {epoch}/{options.Epochs}", trainLoader.Count);
    progress.Run(report =>
    {
        foreach (var batch in trainLoader)
        {
            var (images, labels) = (batch[0], batch[1]);

            // The scope recycles the step's temporaries (activations, their gradients) into a pool when it ends.
            using (TensorScope.Begin())
            {
                var logits = model.Call(images);
                var loss = criterion.Call(logits, labels);
                optimizer.ZeroGrad();
                loss.Backward();
                var batchLoss = loss.Item<float>();
                batchLosses.Add((epoch - 1 + (double)(batchLosses.Count % trainLoader.Count + 1) / trainLoader.Count, batchLoss));
                report(batchLoss, CountCorrect(logits, labels), labels.NumElements);
            }

            // Outside the scope: the optimizer's state (momentum, moments) lives across steps.
            optimizer.Step();
            scheduler.Step();
        }
    });

    var testAccuracy = Evaluate(model, testLoader);
    results.Add(new EpochResult(epoch, progress.MeanLoss, progress.Accuracy, testAccuracy, progress.SamplesPerSecond));
    var worldSize = group?.WorldSize ?? 1;
    AnsiConsole.MarkupLine(
        $"Epoch {epoch}/{options.Epochs}: train loss {progress.MeanLoss:F4}, train accuracy {progress.Accuracy:P2}, [bold]test accuracy {testAccuracy:P2}[/], " +
        $"{progress.Elapsed.TotalSeconds:F2} s, {progress.SamplesPerSecond * worldSize:N0} samples/s" + (worldSize > 1 ? " (all ranks; loss and accuracy of rank 0's shard)" : string.Empty));

    // Saved every epoch (atomically), so an interrupted run keeps its last completed epoch; by rank 0 only, of the
    // replica without DDP's "module." prefix, so the file loads into a plain model.
    var replica = model is DistributedDataParallel ddp ? ddp.Module : model;
    if (isMain)
    {
        Checkpoint.Save(checkpointPath, replica.StateDict(), optimizer.StateDict(), epoch);
    }
}

if (isMain && !options.NoPlot)
{
    TrainingPlot.Save(plotPath, batchLosses, results);
}

var best = results.MaxBy(r => r.TestAccuracy)!;
AnsiConsole.MarkupLine($"Done in {total.Elapsed:mm\\:ss}. Final test accuracy {results[^1].TestAccuracy:P2} (best {best.TestAccuracy:P2}, epoch {best.Epoch}).");
if (!options.NoPlot)
{
    AnsiConsole.MarkupLine($"Plot: {Markup.Escape(Path.GetFullPath(plotPath))}");
}

AnsiConsole.MarkupLine($"Checkpoint: {Markup.Escape(Path.GetFullPath(checkpointPath))}");
group?.Dispose();
return 0;

// Test-set accuracy with gradients off and dropout-style layers in eval mode.
static double Evaluate(Module model, DataLoader loader)
{
    model.Eval();
    long correct = 0, seen = 0;
    using (Autograd.NoGrad())
    {
        foreach (var batch in loader)
        {
            using var scope = TensorScope.Begin();
            correct += CountCorrect(model.Call(batch[0]), batch[1]);
            seen += batch[1].NumElements;
        }
    }

    return (double)correct / seen;
}

// Number of rows whose largest logit is at the label's index.
static int CountCorrect(Tensor logits, Tensor labels)
{
    var scores = logits.ToArray<float>();
    var targets = labels.ToArray<long>();
    var classes = logits.Size(1);
    var correct = 0;
    for (var row = 0; row < targets.Length; row++)
    {
        var best = 0;
        for (var c = 1; c < classes; c++)
        {
            if (scores[row * classes + c] > scores[row * classes + best])
            {
                best = c;
            }
        }

        correct += best == targets[row] ? 1 : 0;
    }

    return correct;
}
