using System.Diagnostics;
using System.Globalization;
using AutoDiffGen;
using AutoDiffGen.Data;
using AutoDiffGen.Nn;
using AutoDiffGen.Optim;
using AutoDiffGen.Serialization;

// Fashion-MNIST with a small CNN (default), or --compare: PyDyNet's MLP vs MLP + Dropout vs MLP + BatchNorm, three
// test-accuracy curves in one PNG. Data: Debian's dataset-fashion-mnist package, or --data DIR with the four IDX files.
string? dataFolder = null;
string output = Path.Combine("artifacts", "fashion-mnist");
int epochs = 0;
bool compare = false;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--data" when i + 1 < args.Length: dataFolder = args[++i]; break;
        case "--output" when i + 1 < args.Length: output = args[++i]; break;
        case "--epochs" when i + 1 < args.Length: epochs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--compare": compare = true; break;
        default:
            Console.WriteLine("""
                Usage: dotnet run -c Release --project samples/FashionMnist -- [--compare] [--epochs N] [--data DIR] [--output DIR]

                  (default)    a small CNN (conv 1-16 3x3, BatchNorm, ReLU, max-pool; conv 16-32 3x3, BatchNorm, ReLU, max-pool; 1568-128-10)
                  --compare    an MLP, the MLP with Dropout and the MLP with BatchNorm, learning curves in one PNG
                  --epochs N   epochs (default 6 for the CNN, 10 for the comparison)
                  --data DIR   folder with the four Fashion-MNIST IDX files (raw or .gz; default /usr/share/datasets/fashion-mnist)
                """);
            return args[i] is "--help" or "-h" ? 0 : 2;
    }
}

const string DebianFolder = "/usr/share/datasets/fashion-mnist";
var folder = dataFolder ?? DebianFolder;
string[] names = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];
string? PathOf(string name) => File.Exists(Path.Combine(folder, name)) ? Path.Combine(folder, name)
    : File.Exists(Path.Combine(folder, name + ".gz")) ? Path.Combine(folder, name + ".gz") : null;
if (names.Any(n => PathOf(n) is null))
{
    Console.Error.WriteLine($"""
        Fashion-MNIST is not in {folder}: it needs {string.Join(", ", names)} (raw or .gz).
        Get them with `sudo apt-get install dataset-fashion-mnist` (Debian/Ubuntu; installs them under {DebianFolder}),
        or download the four files from the Fashion-MNIST project (github.com/zalandoresearch/fashion-mnist) and pass --data DIR.
        """);
    return 1;
}

// Fashion-MNIST's own statistics (the MNIST reader's are MNIST's).
var (train, test) = (Load(PathOf(names[0])!, PathOf(names[1])!), Load(PathOf(names[2])!, PathOf(names[3])!));
Console.WriteLine($"Fashion-MNIST: {train.Count:N0} training and {test.Count:N0} test images from {folder}");
Directory.CreateDirectory(output);
if (!compare)
{
    var model = SmallCnn(new Generator(1));
    var optimizer = new Adam(model.Parameters(), lr: 2e-3);
    var curve = Train("small CNN", model, optimizer, train, test, epochs > 0 ? epochs : 6, flatten: false);
    Checkpoint.Save(Path.Combine(output, "fashion-cnn.safetensors"), model.StateDict(), optimizer.StateDict(), curve.Count);
    Plot(Path.Combine(output, "fashion-cnn.png"), "small CNN on Fashion-MNIST: test accuracy", [("small CNN", curve)]);
    Console.WriteLine($"Final test accuracy {curve[^1]:P2}. Plot and checkpoint in {Path.GetFullPath(output)}");
    return 0;
}

var runs = new List<(string, List<double>)>();
foreach (var (name, factory) in new (string, Func<Generator, Module>)[] { ("MLP", g => Mlp(g, null)), ("MLP + Dropout 0.3", g => Mlp(g, "dropout")), ("MLP + BatchNorm", g => Mlp(g, "batchnorm")) })
{
    var model = factory(new Generator(1));
    runs.Add((name, Train(name, model, new SGD(model.Parameters(), lr: 0.05, momentum: 0.9), train, test, epochs > 0 ? epochs : 10, flatten: true)));
}

Plot(Path.Combine(output, "mlp-dropout-batchnorm.png"), "Fashion-MNIST: MLP vs Dropout vs BatchNorm (test accuracy)", runs);
foreach (var (name, curve) in runs)
{
    Console.WriteLine($"{name}: final test accuracy {curve[^1]:P2}, best {curve.Max():P2}");
}

Console.WriteLine($"Plot: {Path.GetFullPath(Path.Combine(output, "mlp-dropout-batchnorm.png"))}");
return 0;

static TensorDataset Load(string images, string labels)
{
    const float Mean = 0.2860f, Std = 0.3530f;
    var x = Mnist.ReadImages(images);
    return new TensorDataset((x - Mean) / Std, Mnist.ReadLabels(labels));
}

static Sequential SmallCnn(Generator g) => new(
    new Conv2d(1, 16, 3, padding: 1, generator: g), new BatchNorm2d(16), new ReLU(), new MaxPool2d(2),
    new Conv2d(16, 32, 3, padding: 1, generator: g), new BatchNorm2d(32), new ReLU(), new MaxPool2d(2),
    new Flatten(), new Linear(32 * 7 * 7, 128, generator: g), new ReLU(), new Linear(128, 10, generator: g));

// PyDyNet's comparison: the same 784-512-256-10 MLP plain, with Dropout after each hidden layer, or with BatchNorm1d before each ReLU.
static Sequential Mlp(Generator g, string? regulariser)
{
    var layers = new List<Module>();
    int[] sizes = [784, 512, 256];
    for (int i = 0; i < 2; i++)
    {
        layers.Add(new Linear(sizes[i], sizes[i + 1], generator: g));
        if (regulariser == "batchnorm")
        {
            layers.Add(new BatchNorm1d(sizes[i + 1]));
        }

        layers.Add(new ReLU());
        if (regulariser == "dropout")
        {
            layers.Add(new Dropout(0.3, new Generator(7 + i)));
        }
    }

    layers.Add(new Linear(256, 10, generator: g));
    return new Sequential([.. layers]);
}

static List<double> Train(string name, Module model, Optimizer optimizer, TensorDataset train, TensorDataset test, int epochs, bool flatten)
{
    var loader = new DataLoader(train, 128, shuffle: true, generator: new Generator(2));
    var testLoader = new DataLoader(test, 1000);
    var scheduler = new CosineAnnealingLR(optimizer, tMax: epochs * loader.Count);
    var curve = new List<double>();
    for (int epoch = 1; epoch <= epochs; epoch++)
    {
        model.Train();
        var clock = Stopwatch.StartNew();
        double lossSum = 0;
        int batches = 0;
        foreach (var batch in loader)
        {
            using (TensorScope.Begin())
            {
                var x = flatten ? batch[0].Reshape(-1, 784) : batch[0];
                var loss = Functional.CrossEntropy(model.Call(x), batch[1]);
                optimizer.ZeroGrad();
                loss.Backward();
                lossSum += loss.ItemAsDouble();
            }

            optimizer.Step();
            scheduler.Step();
            if (++batches % 94 == 0 || batches == loader.Count)
            {
                // A plain progress line every fifth of an epoch.
                Console.WriteLine($"  {name} epoch {epoch}/{epochs} [{batches}/{loader.Count}] loss {lossSum / batches:F4} ({clock.Elapsed.TotalSeconds:F0} s)");
            }
        }

        curve.Add(Evaluate(model, testLoader, flatten));
        Console.WriteLine($"{name} epoch {epoch}/{epochs}: train loss {lossSum / batches:F4}, test accuracy {curve[^1]:P2}");
    }

    return curve;
}

static double Evaluate(Module model, DataLoader loader, bool flatten)
{
    model.Eval();
    long correct = 0, seen = 0;
    using (Autograd.NoGrad())
    {
        foreach (var batch in loader)
        {
            using var scope = TensorScope.Begin();
            var predicted = model.Call(flatten ? batch[0].Reshape(-1, 784) : batch[0]).ArgMax(1).ToArray<long>();
            var labels = batch[1].ToArray<long>();
            correct += predicted.Zip(labels).Count(p => p.First == p.Second);
            seen += labels.Length;
        }
    }

    return (double)correct / seen;
}

static void Plot(string path, string title, List<(string Name, List<double> Curve)> runs)
{
    var plot = new ScottPlot.Plot();
    plot.Title($"AutoDiffGen: {title}");
    plot.XLabel("Epoch");
    plot.YLabel("Test accuracy (%)");
    foreach (var (name, curve) in runs)
    {
        var line = plot.Add.Scatter(Enumerable.Range(1, curve.Count).Select(e => (double)e).ToArray(), curve.Select(a => a * 100).ToArray());
        line.LegendText = name;
    }

    plot.ShowLegend(ScottPlot.Alignment.LowerRight);
    plot.SavePng(path, 900, 540);
}
