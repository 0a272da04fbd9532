using System.Diagnostics;
using AutoDiffGen;
using AutoDiffGen.Nn;
using AutoDiffGen.Optim;
using AutoDiffGen.Serialization;
using CharGpt;
using Spectre.Console;

// A character-level GPT: learns to continue a text one character at a time, prints its loss and a sample, and resumes
// from its checkpoint. Options: --steps N (default 300), --text FILE, --output DIR, --seed N, --fresh (ignore the checkpoint).
var steps = IntOption("--steps", 300);
var seed = IntOption("--seed", 0);
var output = Option("--output") ?? "output";
if (Console.IsOutputRedirected)
{
    AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No, Out = new AnsiConsoleOutput(Console.Out) });
    AnsiConsole.Profile.Width = 1000;
}

var cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "autodiffgen", "chargpt");
var text = Corpus.Load(Option("--text"), cache, line => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(line)}[/]"));
if (text is null)
{
    Console.Error.WriteLine(Corpus.HowToGet);
    return 1;
}

// The vocabulary is the sorted set of characters, so the same text always gives the same ids (and a checkpoint fits).
var vocabulary = text.Distinct().Order().ToArray();
var ids = vocabulary.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => (long)p.i);
var encoded = text.Select(c => ids[c]).ToArray();
var split = (int)(encoded.Length * 0.95);
const int context = 64, batch = 16, width = 64, heads = 4, layers = 2;
var model = new Gpt(vocabulary.Length, context, width, heads, layers, new Generator(seed));
var optimizer = new AdamW(model.Parameters(), lr: 2e-3);
var criterion = new CrossEntropyLoss();
Directory.CreateDirectory(output);
var checkpoint = Path.Combine(output, "chargpt.safetensors");
var done = 0;
if (File.Exists(checkpoint) && !args.Contains("--fresh"))
{
    done = Checkpoint.Restore(checkpoint, model, optimizer);
    AnsiConsole.MarkupLine($"[grey]Resumed from {Markup.Escape(checkpoint)} after {done} steps.[/]");
}

AnsiConsole.MarkupLine($"[bold]AutoDiffGen CharGpt[/]  {encoded.Length:N0} characters, vocabulary {vocabulary.Length}, {model.NumParameters():N0} parameters; steps {done + 1}..{done + steps}");
var random = new Random(seed + done + 1);

// Random windows of context + 1 characters: the input is the first context, the target the same shifted by one.
(Tensor Input, Tensor Target) Batch(int from, int to)
{
    var input = new long[batch * context];
    var target = new long[batch * context];
    for (var b = 0; b < batch; b++)
    {
        var start = random.Next(from, to - context - 1);
        Array.Copy(encoded, start, input, b * context, context);
        Array.Copy(encoded, start + 1, target, b * context, context);
    }

    return (Tensor.FromArray(input, batch, context), Tensor.FromArray(target, batch * context));
}

double Evaluate()
{
    model.Eval();
    double sum = 0;
    using (Autograd.NoGrad())
    {
        for (var i = 0; i < 5; i++)
        {
            var (x, y) = Batch(split, encoded.Length);
            sum += criterion.Call(model.Call(x).Reshape(-1, vocabulary.Length), y).ItemAsDouble();
        }
    }

    model.Train();
    return sum / 5;
}

var clock = Stopwatch.StartNew();
var tokens = 0L;
AnsiConsole.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn()).Start(progress =>
{
    var task = progress.AddTask("training", maxValue: steps);
    var running = double.NaN;
    for (var step = done + 1; step <= done + steps; step++)
    {
        var (x, y) = Batch(0, split);
        var loss = criterion.Call(model.Call(x).Reshape(-1, vocabulary.Length), y);
        optimizer.ZeroGrad();
        loss.Backward();
        optimizer.Step();
        tokens += batch * context;
        running = double.IsNaN(running) ? loss.ItemAsDouble() : (0.95 * running) + (0.05 * loss.ItemAsDouble());
        task.Description = $"step {step}  loss {running:F3}  {tokens / clock.Elapsed.TotalSeconds:N0} tokens/s";
        task.Increment(1);
        if (step % 100 == 0 || step == done + steps)
        {
            var validation = Evaluate();
            if (!AnsiConsole.Profile.Capabilities.Interactive)
            {
                AnsiConsole.WriteLine($"step {step}: training loss {running:F3}, validation loss {validation:F3}, {tokens / clock.Elapsed.TotalSeconds:N0} tokens/s");
            }

            Checkpoint.Save(checkpoint, model, optimizer, step);
        }
    }
});

AnsiConsole.MarkupLine($"Validation loss {Evaluate():F3} (nats per character) after {done + steps} steps; {tokens / clock.Elapsed.TotalSeconds:N0} training tokens/s.");

// Sampling: feed the last context characters, draw the next from softmax(logits / temperature).
model.Eval();
var generated = new List<long>(encoded.Skip(split).Take(context));
var prompt = generated.Count;
using (Autograd.NoGrad())
{
    for (var i = 0; i < 400; i++)
    {
        var window = generated.Skip(Math.Max(0, generated.Count - context)).ToArray();
        var logits = model.Call(Tensor.FromArray(window, 1, window.Length)).Select(1, window.Length - 1).Reshape(-1);
        var probabilities = Functional.Softmax(logits * (1 / 0.8), 0).ToArray<float>();
        var u = random.NextDouble();
        var next = probabilities.Length - 1;
        for (var c = 0; c < probabilities.Length; c++)
        {
            u -= probabilities[c];
            if (u <= 0)
            {
                next = c;
                break;
            }
        }

        generated.Add(next);
    }
}

AnsiConsole.MarkupLine("[bold]Prompt[/] (validation text) and [bold]sample[/]:");
AnsiConsole.WriteLine(new string(generated.Take(prompt).Select(i => vocabulary[i]).ToArray()) + " ⟶ " + new string(generated.Skip(prompt).Select(i => vocabulary[i]).ToArray()));
AnsiConsole.MarkupLine($"Checkpoint: {Markup.Escape(Path.GetFullPath(checkpoint))} (run again to continue training)");
return 0;

string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

int IntOption(string name, int fallback) => Option(name) is { } value ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : fallback;
