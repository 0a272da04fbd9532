namespace AutoDiffGen.Nn;

/// <summary>
/// A convolution's padding as PyTorch takes it: an int or (height, width) pair of zeros added on both sides, or the
/// strings <c>"valid"</c> (no padding) and <c>"same"</c> (the output as large as the input; stride 1 only, and when the
/// total padding is odd the extra element goes after, as in PyTorch). The default is no padding.
/// </summary>
public readonly struct ConvPadding : IEquatable<ConvPadding>
{
    private ConvPadding(bool same, int height, int width)
    {
        IsSame = same;
        Height = height;
        Width = width;
    }

    /// <summary>"same": pad so each output is as large as its input.</summary>
    public static ConvPadding Same { get; } = new(true, 0, 0);

    /// <summary>"valid": no padding.</summary>
    public static ConvPadding Valid { get; } = new(false, 0, 0);

    /// <summary>Whether this is "same" padding (then <see cref="Height"/> and <see cref="Width"/> are not used).</summary>
    public bool IsSame { get; }

    /// <summary>Zeros added above and below (explicit padding).</summary>
    public int Height { get; }

    /// <summary>Zeros added left and right (explicit padding; the only one a 1-D convolution uses).</summary>
    public int Width { get; }

    /// <summary>The same padding on every side.</summary>
    public static implicit operator ConvPadding(int value) => new(false, value, value);

    /// <summary>(height, width) padding.</summary>
    public static implicit operator ConvPadding((int Height, int Width) value) => new(false, value.Height, value.Width);

    /// <summary>"same" or "valid", as PyTorch spells them.</summary>
    public static implicit operator ConvPadding(string value) => value switch
    {
        "same" => Same,
        "valid" => Valid,
        _ => throw new ArgumentException($"Invalid padding string '{value}'; expected \"same\", \"valid\" or a number.", nameof(value)),
    };

    /// <inheritdoc/>
    public bool Equals(ConvPadding other) => IsSame == other.IsSame && Height == other.Height && Width == other.Width;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ConvPadding other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(IsSame, Height, Width);

    /// <summary>Equality of two paddings.</summary>
    public static bool operator ==(ConvPadding left, ConvPadding right) => left.Equals(right);

    /// <summary>Inequality of two paddings.</summary>
    public static bool operator !=(ConvPadding left, ConvPadding right) => !left.Equals(right);

    /// <summary>"same", or "(h, w)".</summary>
    public override string ToString() => IsSame ? "same" : $"({Height}, {Width})";
}
