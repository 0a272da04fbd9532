using System.Diagnostics;
using AutoDiffGen;
using AutoDiffGen.Nn;
using AutoDiffGen.Optim;
using AutoDiffGen.Serialization;
using Spectre.Console;
using TextClassifier;

// Tells spam from ham in the SpamAssassin corpus with a small Transformer encoder; prints test accuracy and F1.
// Options: --epochs N (default 2), --seed N, --data DIR (default ~/.cache/autodiffgen/spam-assassin), --output DIR.
var epochs = IntOption("--epochs", 2);
var seed = IntOption("--seed", 0);
var output = Option("--output") ?? "output";
var dataFolder = Option("--data") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "autodiffgen", "spam-assassin");
if (Console.IsOutputRedirected)
{
    AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No, Out = new AnsiConsoleOutput(Console.Out) });
    AnsiConsole.Profile.Width = 1000;
}

IReadOnlyList<Email> emails;
try
{
    emails = SpamAssassin.Load(dataFolder, line => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(line)}[/]"));
}
catch (Exception e) when (e is IOException or InvalidDataException or System.Text.Json.JsonException)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

const int length = 64, batchSize = 32, width = 32, heads = 2, layers = 1, vocabularySize = 8000;
var order = Enumerable.Range(0, emails.Count).ToArray();
new Random(seed).Shuffle(order);
var testCount = emails.Count / 5;
var train = order.Skip(testCount).Select(i => emails[i]).ToArray();
var test = order.Take(testCount).Select(i => emails[i]).ToArray();
var vocabulary = new Vocabulary(train.Select(e => e.Text), vocabularySize);
(Tensor Ids, Tensor Labels) Encode(IReadOnlyList<Email> batch)
    => (Tensor.FromArray(batch.SelectMany(e => vocabulary.Encode(e.Text, length)).ToArray(), batch.Count, length),
        Tensor.FromArray(batch.Select(e => e.IsSpam ? 1L : 0L).ToArray(), batch.Count));

var model = new SpamTransformer(vocabulary.Count, length, width, heads, layers, new Generator(seed));
var optimizer = new AdamW(model.Parameters(), lr: 2e-3);
var criterion = new CrossEntropyLoss();
Directory.CreateDirectory(output);
var checkpoint = Path.Combine(output, "text-classifier.safetensors");
AnsiConsole.MarkupLine($"[bold]AutoDiffGen TextClassifier[/]  {train.Length:N0} training and {test.Length:N0} test e-mails ({emails.Count(e => e.IsSpam):N0} spam in all), vocabulary {vocabulary.Count:N0}, first {length} words, {model.NumParameters():N0} parameters");

var losses = new List<double>();
var shuffle = new Random(seed + 1);
var clock = Stopwatch.StartNew();
for (var epoch = 1; epoch <= epochs; epoch++)
{
    model.Train();
    shuffle.Shuffle(train);
    var batches = (train.Length + batchSize - 1) / batchSize;
    double sum = 0;
    AnsiConsole.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn()).Start(progress =>
    {
        var task = progress.AddTask($"epoch {epoch}/{epochs}", maxValue: batches);
        for (var b = 0; b < batches; b++)
        {
            var (ids, labels) = Encode(train.Skip(b * batchSize).Take(batchSize).ToArray());
            var loss = criterion.Call(model.Call(ids), labels);
            optimizer.ZeroGrad();
            loss.Backward();
            optimizer.Step();
            losses.Add(loss.ItemAsDouble());
            sum += losses[^1];
            task.Description = $"epoch {epoch}/{epochs}  loss {sum / (b + 1):F4}";
            task.Increment(1);
        }
    });

    var (accuracy, precision, recall, f1) = Evaluate();
    AnsiConsole.MarkupLine($"Epoch {epoch}/{epochs}: train loss {sum / batches:F4}, [bold]test accuracy {accuracy:P2}, F1 {f1:F4}[/] (spam precision {precision:P1}, recall {recall:P1})");
    Checkpoint.Save(checkpoint, model, optimizer, epoch);
}

var plot = new ScottPlot.Plot();
plot.Title("AutoDiffGen Transformer encoder: SpamAssassin spam vs ham");
plot.XLabel("Batch");
plot.YLabel("Cross-entropy loss");
var window = Math.Max(1, losses.Count / 50);
var smoothed = losses.Select((_, i) => losses.Skip(Math.Max(0, i - window + 1)).Take(Math.Min(i + 1, window)).Average()).ToArray();
plot.Add.Scatter(Enumerable.Range(1, losses.Count).Select(i => (double)i).ToArray(), smoothed).MarkerSize = 0;
var plotPath = Path.Combine(output, "text-classifier.png");
plot.SavePng(plotPath, 900, 540);
AnsiConsole.MarkupLine($"Done in {clock.Elapsed:mm\\:ss}. Plot: {Markup.Escape(Path.GetFullPath(plotPath))}; checkpoint: {Markup.Escape(Path.GetFullPath(checkpoint))}");
return 0;

// Accuracy, and precision, recall and F1 with spam as the positive class.
(double Accuracy, double Precision, double Recall, double F1) Evaluate()
{
    model.Eval();
    long tp = 0, fp = 0, fn = 0, correct = 0;
    using (Autograd.NoGrad())
    {
        for (var b = 0; b < test.Length; b += 256)
        {
            var batch = test.Skip(b).Take(256).ToArray();
            var (ids, _) = Encode(batch);
            var logits = model.Call(ids).ToArray<float>();
            for (var i = 0; i < batch.Length; i++)
            {
                var spam = logits[(2 * i) + 1] > logits[2 * i];
                correct += spam == batch[i].IsSpam ? 1 : 0;
                tp += spam && batch[i].IsSpam ? 1 : 0;
                fp += spam && !batch[i].IsSpam ? 1 : 0;
                fn += !spam && batch[i].IsSpam ? 1 : 0;
            }
        }
    }

    double precision = tp + fp == 0 ? 0 : (double)tp / (tp + fp), recall = tp + fn == 0 ? 0 : (double)tp / (tp + fn);
    return ((double)correct / test.Length, precision, recall, precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall));
}

string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

int IntOption(string name, int fallback) => Option(name) is { } value ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : fallback;
