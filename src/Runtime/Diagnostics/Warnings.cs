using System.Collections.Concurrent;
using System.Diagnostics;

namespace AutoDiffGen;

/// <summary>
/// Where the library's warnings go: PyTorch's <c>UserWarning</c>s (a loss whose input and target shapes differ, the
/// <see cref="Tensor.Grad"/> of a non-leaf read without <see cref="Tensor.RetainGrad"/>). Each warning is issued once
/// per call site in user code, as Python's default warning filter does, written to <see cref="Writer"/> (standard
/// error unless changed; null silences it) and raised as <see cref="Warned"/>.
/// </summary>
public static class Warnings
{
    private static readonly string Library = typeof(Warnings).Assembly.GetName().Name!;
    private static readonly ConcurrentDictionary<string, byte> Seen = new(StringComparer.Ordinal);

    /// <summary>Where warnings are written, one line each, prefixed "AutoDiffGen warning:"; null writes nothing. Default: standard error.</summary>
    public static TextWriter? Writer { get; set; } = Console.Error;

    /// <summary>Raised once per warning and call site, after the warning is written to <see cref="Writer"/>.</summary>
    public static event EventHandler<WarningEventArgs>? Warned;

    /// <summary>Issues <paramref name="message"/> unless <paramref name="category"/> was already issued from the same user call site.</summary>
    internal static void Warn(string category, string message)
    {
        var site = CallSite();
        if (!Seen.TryAdd($"{category}|{site}", 0))
        {
            return;
        }

        Writer?.WriteLine($"AutoDiffGen warning: {message} (at {site})");
        Warned?.Invoke(null, new WarningEventArgs(category, message, site));
    }

    /// <summary>The first stack frame outside this library: the user code that led to the warning.</summary>
    private static string CallSite()
    {
        var trace = new StackTrace(1, fNeedFileInfo: false);
        foreach (var frame in trace.GetFrames())
        {
            if (DiagnosticMethodInfo.Create(frame) is { } method && new System.Reflection.AssemblyName(method.DeclaringAssemblyName).Name != Library)
            {
                return $"{method.DeclaringTypeName}.{method.Name}+IL_{frame.GetILOffset():X4}";
            }
        }

        return "(library)";
    }
}
