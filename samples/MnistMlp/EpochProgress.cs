using System.Diagnostics;
using Spectre.Console;

namespace MnistMlp;

/// <summary>
/// Shows one epoch's progress: a live Spectre.Console bar on a terminal, or a few plain lines when output is redirected
/// (CI logs get no cursor movement and no ANSI codes).
/// </summary>
internal sealed class EpochProgress
{
    private readonly string _title;
    private readonly int _batches;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private double _lossSum;
    private long _correct;
    private long _seen;

    public EpochProgress(string title, int batches)
    {
        _title = title;
        _batches = batches;
    }

    public double MeanLoss => _seen == 0 ? double.NaN : _lossSum / _seen;

    public double Accuracy => _seen == 0 ? double.NaN : (double)_correct / _seen;

    /// <summary>Time spent training this epoch (the clock stops when <see cref="Run"/> returns).</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    public double SamplesPerSecond => _seen / Math.Max(_clock.Elapsed.TotalSeconds, 1e-9);

    /// <summary>Runs <paramref name="body"/>, which calls the report callback after each batch with (batch loss, correct, samples).</summary>
    public void Run(Action<Action<double, int, int>> body)
    {
        try
        {
            RunAndReport(body);
        }
        finally
        {
            _clock.Stop();
        }
    }

    private void RunAndReport(Action<Action<double, int, int>> body)
    {
        if (AnsiConsole.Profile.Capabilities.Interactive)
        {
            AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask(Describe(), maxValue: _batches);
                    body((loss, correct, samples) =>
                    {
                        Add(loss, correct, samples);
                        task.Increment(1);
                        task.Description = Describe();
                    });
                    task.Value = task.MaxValue;
                });
            return;
        }

        // Plain output: a line at each quarter of the epoch.
        var batch = 0;
        var nextQuarter = 1;
        body((loss, correct, samples) =>
        {
            Add(loss, correct, samples);
            batch++;
            if (batch * 4 >= nextQuarter * _batches && nextQuarter <= 4)
            {
                AnsiConsole.WriteLine($"{Describe()} [{batch}/{_batches}]");
                while (nextQuarter <= 4 && batch * 4 >= nextQuarter * _batches)
                {
                    nextQuarter++;
                }
            }
        });
    }

    private void Add(double loss, int correct, int samples)
    {
        _lossSum += loss * samples;
        _correct += correct;
        _seen += samples;
    }

    private string Describe() => _seen == 0
        ? _title
        : $"{_title}  loss {MeanLoss:F4}  acc {Accuracy:P2}  {SamplesPerSecond:N0} samples/s";
}
