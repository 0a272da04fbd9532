using System.Numerics;

namespace AutoDiffGen.Fusion;

/// <summary>
/// One block of an elementwise call, as a kernel sees it: equal-length spans over the inputs, the outputs and
/// scratch. A broadcast scalar input arrives as a span filled with its value, so kernels never special-case it.
/// </summary>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public readonly struct FusionChunk<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly FusionFrame<T> _frame;
    private readonly int _start;

    internal FusionChunk(FusionFrame<T> frame, int start, int length)
    {
        _frame = frame;
        _start = start;
        Length = length;
    }

    /// <summary>Elements in this block.</summary>
    public int Length { get; }

    /// <summary>Tensor input <paramref name="index"/>'s elements in this block.</summary>
    public ReadOnlySpan<T> Input(int index) => _frame.Source(index, _start, Length);

    /// <summary>The upstream gradient in this block (backward only).</summary>
    public ReadOnlySpan<T> Grad => _frame.Source(_frame.InputCount, _start, Length);

    /// <summary>Output <paramref name="index"/> in this block: the result (forward), or input <paramref name="index"/>'s gradient (backward).</summary>
    public Span<T> Output(int index) => _frame.Output(index, _start, Length);

    /// <summary>Scratch block <paramref name="index"/>: contents unspecified on entry, private to this call.</summary>
    public Span<T> Scratch(int index) => _frame.Scratch(index, Length);
}
