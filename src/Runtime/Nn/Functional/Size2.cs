namespace AutoDiffGen.Nn;

/// <summary>
/// A (height, width) pair for 2-D layers' kernel size, stride, padding and dilation, as PyTorch's <c>_size_2_t</c>:
/// an int means the same value for both (<c>stride: 2</c>), a tuple gives each (<c>kernelSize: (3, 5)</c>).
/// </summary>
/// <param name="Height">The value along the height (second to last) dimension.</param>
/// <param name="Width">The value along the width (last) dimension.</param>
public readonly record struct Size2(int Height, int Width)
{
    /// <summary>The same value for height and width.</summary>
    public static implicit operator Size2(int value) => new(value, value);

    /// <summary>(height, width).</summary>
    public static implicit operator Size2((int Height, int Width) value) => new(value.Height, value.Width);

    /// <summary>"(h, w)", as PyTorch prints a pair.</summary>
    public override string ToString() => $"({Height}, {Width})";
}
