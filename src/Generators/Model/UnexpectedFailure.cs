using System;

namespace AutoDiffGen.Generators.Model;

/// <summary>
/// The typed reason a stage gives when it skips a method because it threw something other than
/// <see cref="NotSupportedException"/> (which stages use for input they do not support): a generator bug, not the
/// user's code. Stages still never throw; they record the failure here on the thread that ran them, and the analyzers
/// report it as ADG0001 carrying the exception's type and message instead of guessing a reason.
/// </summary>
internal static class UnexpectedFailure
{
    [ThreadStatic]
    private static string? _last;

    /// <summary>A test sets this to a method name to make the Lower stage throw for that method (null otherwise).</summary>
    internal static volatile string? InjectIntoLowerFor;

    /// <summary>Records <paramref name="exception"/> when it is unexpected; returns true for unsupported input.</summary>
    public static void Record(string stage, Exception exception)
    {
        if (exception is not NotSupportedException)
        {
            _last = $"the {stage} stage threw {exception.GetType().FullName}: {exception.Message}";
        }
    }

    /// <summary>The failure recorded on this thread since the last call, if any, and forgets it.</summary>
    public static string? Take()
    {
        var last = _last;
        _last = null;
        return last;
    }
}
