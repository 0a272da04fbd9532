using AutoDiffGen;
using AutoDiffGen.Nn;
using AutoDiffGen.Optim;
using AutoDiffGen.Serialization;
using Spectre.Console;

// PyDyNet's RNN demo: an LSTM reads x = sin(z) step by step and learns to output y = cos(2z) at every step.
// Options: --epochs N (default 60), --seed N, --output DIR (default ./output).
var epochs = IntOption("--epochs", 60);
var seed = IntOption("--seed", 0);
var output = Option("--output") ?? "output";
if (Console.IsOutputRedirected)
{
    AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No, Out = new AnsiConsoleOutput(Console.Out) });
    AnsiConsole.Profile.Width = 1000;
}

const int steps = 40, batch = 32, hidden = 32;
const double dz = 0.1;
var init = new Generator(seed);
var lstm = new LSTM(1, hidden, numLayers: 1, generator: init);
var head = new Linear(hidden, 1, generator: init);
var model = new Sequential(lstm, head);
var optimizer = new Adam(model.Parameters(), lr: 1e-2);
var data = new Random(seed + 1);

// One batch of windows starting at random phases: x [steps, batch, 1], y [steps, batch, 1].
(Tensor X, Tensor Y, double[] Z) Windows(int count, Random random)
{
    var x = new float[steps * count];
    var y = new float[steps * count];
    var z0 = new double[count];
    for (var b = 0; b < count; b++)
    {
        z0[b] = random.NextDouble() * 2 * Math.PI;
        for (var t = 0; t < steps; t++)
        {
            var z = z0[b] + (t * dz);
            x[(t * count) + b] = (float)Math.Sin(z);
            y[(t * count) + b] = (float)Math.Cos(2 * z);
        }
    }

    return (Tensor.FromArray(x, steps, count, 1), Tensor.FromArray(y, steps, count, 1), z0);
}

Directory.CreateDirectory(output);
var checkpoint = Path.Combine(output, "rnn-sincos.safetensors");
var losses = new List<double>();
const int batchesPerEpoch = 20;
AnsiConsole.MarkupLine($"[bold]AutoDiffGen RnnSinCos[/]  LSTM(1, {hidden}) + Linear({hidden}, 1), {epochs} epochs of {batchesPerEpoch} batches of {batch} windows of {steps} steps");
AnsiConsole.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn()).Start(context =>
{
    var task = context.AddTask("training", maxValue: epochs);
    for (var epoch = 1; epoch <= epochs; epoch++)
    {
        double sum = 0;
        for (var i = 0; i < batchesPerEpoch; i++)
        {
            var (x, y, _) = Windows(batch, data);
            var loss = Functional.MseLoss(model.Call(x), y);
            optimizer.ZeroGrad();
            loss.Backward();
            optimizer.Step();
            sum += loss.ItemAsDouble();
        }

        losses.Add(sum / batchesPerEpoch);
        task.Description = $"epoch {epoch}/{epochs}  loss {losses[^1]:F5}";
        task.Increment(1);
        if (!AnsiConsole.Profile.Capabilities.Interactive && (epoch % 10 == 0 || epoch == epochs))
        {
            AnsiConsole.WriteLine($"epoch {epoch}/{epochs}: mean squared error {losses[^1]:F5}");
        }

        Checkpoint.Save(checkpoint, model, optimizer, epoch);
    }
});

// Predict one long held-out window and plot it against the truth.
model.Eval();
var (tx, ty, tz) = Windows(1, new Random(seed + 12345));
float[] prediction;
using (Autograd.NoGrad())
{
    prediction = model.Call(tx).ToArray<float>();
}

var truth = ty.ToArray<float>();
var testError = prediction.Zip(truth, (p, t) => (p - t) * (p - t)).Average();
var zs = Enumerable.Range(0, steps).Select(t => tz[0] + (t * dz)).ToArray();
var plot = new ScottPlot.Plot();
plot.Title("AutoDiffGen LSTM: y = cos(2z) from x = sin(z)");
plot.XLabel("z");
var input = plot.Add.Scatter(zs, tx.ToArray<float>().Select(v => (double)v).ToArray());
input.LegendText = "input x = sin(z)";
var truthLine = plot.Add.Scatter(zs, truth.Select(v => (double)v).ToArray());
truthLine.LegendText = "truth y = cos(2z)";
var predictionLine = plot.Add.Scatter(zs, prediction.Select(v => (double)v).ToArray());
predictionLine.LegendText = "LSTM prediction";
plot.ShowLegend(ScottPlot.Alignment.LowerRight);
var plotPath = Path.Combine(output, "rnn-sincos.png");
plot.SavePng(plotPath, 900, 540);
AnsiConsole.MarkupLine($"Held-out window: mean squared error {testError:F5} (final training loss {losses[^1]:F5}).");
AnsiConsole.MarkupLine($"Plot: {Markup.Escape(Path.GetFullPath(plotPath))}");
AnsiConsole.MarkupLine($"Checkpoint: {Markup.Escape(Path.GetFullPath(checkpoint))}");
return 0;

string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

int IntOption(string name, int fallback) => Option(name) is { } text ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : fallback;
