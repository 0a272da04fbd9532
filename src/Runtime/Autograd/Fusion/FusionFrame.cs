using System.Buffers;
using System.Numerics;

namespace AutoDiffGen.Fusion;

/// <summary>
/// One thread's view of an elementwise call: where each input and output lives (a tensor's storage, or a block of
/// the workspace for broadcast scalars, unneeded gradients and gradients summed on the fly) and its scratch blocks.
/// </summary>
internal sealed class FusionFrame<T> : IDisposable
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[]?[] _sourceArrays;
    private readonly int[] _sourceOffsets;
    private readonly T[]?[] _outputArrays;
    private readonly int[] _outputOffsets;
    private readonly int[] _outputSlots;
    private readonly T[] _workspace;

    /// <param name="inputCount">Number of kernel inputs; a backward frame has one more source, the upstream gradient.</param>
    /// <param name="sources">Per source: a contiguous array and the offset of element 0, or a uniform value (array null).</param>
    /// <param name="outputs">Per output: a contiguous array and offset, or null array for a workspace block.</param>
    /// <param name="scratch">Scratch blocks.</param>
    public FusionFrame(int inputCount, (T[]? Array, int Offset, T Value)[] sources, (T[]? Array, int Offset)[] outputs, int scratch)
    {
        InputCount = inputCount;
        var block = Elementwise.BlockLength;
        var slots = scratch;
        _sourceArrays = new T[]?[sources.Length];
        _sourceOffsets = new int[sources.Length];
        var fills = new List<(int Slot, T Value)>();
        for (var i = 0; i < sources.Length; i++)
        {
            _sourceArrays[i] = sources[i].Array;
            _sourceOffsets[i] = sources[i].Array is null ? slots : sources[i].Offset;
            if (sources[i].Array is null)
            {
                fills.Add((slots++, sources[i].Value));
            }
        }

        _outputArrays = new T[]?[outputs.Length];
        _outputOffsets = new int[outputs.Length];
        _outputSlots = new int[outputs.Length];
        for (var i = 0; i < outputs.Length; i++)
        {
            _outputArrays[i] = outputs[i].Array;
            _outputOffsets[i] = outputs[i].Offset;
            _outputSlots[i] = outputs[i].Array is null ? slots++ : -1;
        }

        _workspace = ArrayPool<T>.Shared.Rent(Math.Max(1, slots) * block);

        // A broadcast scalar is one filled block that every chunk reads (the kernel sees an ordinary span).
        foreach (var (slot, value) in fills)
        {
            _workspace.AsSpan(slot * block, block).Fill(value);
        }
    }

    public int InputCount { get; }

    public ReadOnlySpan<T> Source(int index, int start, int length) => _sourceArrays[index] is { } array
        ? new ReadOnlySpan<T>(array, _sourceOffsets[index] + start, length)
        : new ReadOnlySpan<T>(_workspace, _sourceOffsets[index] * Elementwise.BlockLength, length);

    public Span<T> Output(int index, int start, int length) => _outputArrays[index] is { } array
        ? new Span<T>(array, _outputOffsets[index] + start, length)
        : new Span<T>(_workspace, _outputSlots[index] * Elementwise.BlockLength, length);

    public Span<T> Scratch(int index, int length) => new(_workspace, index * Elementwise.BlockLength, length);

    public void Dispose() => ArrayPool<T>.Shared.Return(_workspace);
}
