namespace AutoDiffGen.Generators.Fuse;

/// <summary>Where a value of a kernel program lives.</summary>
internal enum KernelValueKind
{
    /// <summary>A tensor input's block (or the upstream gradient's), read-only.</summary>
    Input,

    /// <summary>One scalar for the whole call (a constant, a uniform parameter, or arithmetic on those): C# text in <c>T</c>.</summary>
    Uniform,

    /// <summary>A block of values computed per element: a scratch block, or an output block.</summary>
    Block,

    /// <summary>A block of comparison results (all bits set for true).</summary>
    Mask,
}

/// <summary>One value of a <see cref="KernelProgram"/>: a block, a mask, an input or a uniform scalar.</summary>
internal sealed class KernelValue
{
    public KernelValueKind Kind { get; set; }

    /// <summary>C# text: the local of an input or block, the expression of a uniform.</summary>
    public string Text { get; set; } = string.Empty;

    /// <summary>What the comments call it: a source name (<c>inner</c>, <c>dx</c>), or a uniform's source expression.</summary>
    public string Display { get; set; } = string.Empty;

    /// <summary>The output this block is written to directly, or -1 for scratch.</summary>
    public int Output { get; set; } = -1;

    /// <summary>The scratch block holding it, once allocated.</summary>
    public int Slot { get; set; } = -1;

    public bool IsSpan => Kind is KernelValueKind.Input or KernelValueKind.Block or KernelValueKind.Mask;

    /// <summary>True for values that live in a scratch block.</summary>
    public bool NeedsSlot => Kind is KernelValueKind.Block or KernelValueKind.Mask && Output < 0;
}
