namespace AutoDiffGen.Kernels;

/// <summary>
/// Where the sliding windows of a 2-D convolution or pooling sit over one [channels, height, width] image (a 1-D one has
/// height 1 and a kernel of height 1). Window (oy, ox), tap (ky, kx) reads input row oy·StrideH − PadH + ky·DilationH and
/// column ox·StrideW − PadW + kx·DilationW; positions outside the image read zero. The output size is given, not derived,
/// so asymmetric padding ("same" with an even kernel) and ceil-mode pooling need no padded copy.
/// </summary>
internal readonly record struct Im2ColGeometry(
    int Channels, int Height, int Width,
    int KernelH, int KernelW,
    int StrideH, int StrideW,
    int PadH, int PadW,
    int DilationH, int DilationW,
    int OutH, int OutW)
{
    /// <summary>Rows of the column matrix: channels × kernel taps.</summary>
    public int Rows => Channels * KernelH * KernelW;

    /// <summary>Columns of the column matrix: output positions.</summary>
    public int Columns => OutH * OutW;

    /// <summary>Elements of one input image.</summary>
    public int ImageSize => Channels * Height * Width;
}
