using System.Diagnostics.Tracing;
using System.Globalization;

namespace AutoDiffGen.Bench.SideBySide;

/// <summary>
/// Lists the methods the JIT compiles while it is enabled, with their optimization tier and compile time (from the
/// runtime's own events), so the methods still being recompiled during the first timed epoch can be named. Turned on in a
/// side-by-side child by <c>ADG_BENCH_JIT_LOG=1</c>; prints to standard error.
/// </summary>
internal sealed class JitLog : EventListener
{
    private const EventKeywords JitKeyword = (EventKeywords)0x10;
    private readonly Dictionary<long, (string Name, DateTime Start)> _pending = [];
    private readonly List<(string Name, string Tier, double Ms)> _compiled = [];
    private volatile bool _recording;

    /// <summary>Starts or stops recording.</summary>
    public bool Recording
    {
        get => _recording;
        set => _recording = value;
    }

    /// <summary>Prints what was compiled while recording, the slowest first, and forgets it.</summary>
    public void Dump(string label)
    {
        lock (_compiled)
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"JIT during {label}: {_compiled.Count} methods, {_compiled.Sum(c => c.Ms):F0} ms"));
            foreach (var c in _compiled.OrderByDescending(c => c.Ms).Take(60))
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {c.Ms,7:F2} ms  {c.Tier,-22} {c.Name}"));
            }

            _compiled.Clear();
        }
    }

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, JitKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!_recording || e.Payload is null || e.PayloadNames is null)
        {
            return;
        }

        object? Get(string name) => e.PayloadNames.IndexOf(name) is var i and >= 0 ? e.Payload[i] : null;
        var id = Convert.ToInt64(Get("MethodID") ?? 0L, CultureInfo.InvariantCulture);
        if (e.EventName == "MethodJittingStarted_V1" || e.EventName == "MethodJittingStarted")
        {
            lock (_compiled)
            {
                _pending[id] = ($"{Get("MethodNamespace")}::{Get("MethodName")}", e.TimeStamp);
            }
        }
        else if (e.EventName is not null && e.EventName.StartsWith("MethodLoadVerbose", StringComparison.Ordinal))
        {
            // MethodFlags bits 7-9 hold the optimization tier (the runtime's NativeCodeVersion::OptimizationTier + 1).
            var flags = Convert.ToInt64(Get("MethodFlags") ?? 0L, CultureInfo.InvariantCulture);
            var tier = ((flags >> 7) & 7) switch
            {
                1 => "minopts", 2 => "optimized", 3 => "tier0", 4 => "tier1", 5 => "tier1-osr", 6 => "tier0-instrumented", 7 => "tier1-instrumented", var t => $"tier?{t}",
            };
            lock (_compiled)
            {
                if (_pending.Remove(id, out var start))
                {
                    _compiled.Add((start.Name, tier, (e.TimeStamp - start.Start).TotalMilliseconds));
                }
            }
        }
    }
}
