using TorchSharp;

namespace AutoDiffGen.Parity.Tests.Ops;

/// <summary>The same constant (index, mask or weight) tensor on both sides of a parity row.</summary>
internal static class Constants
{
    /// <summary>Our int64 tensor of <paramref name="data"/> in <paramref name="shape"/>.</summary>
    public static Tensor Index(long[] data, params int[] shape) => Tensor.FromArray(data, shape);

    /// <summary>libtorch's int64 tensor of <paramref name="data"/> in <paramref name="shape"/>.</summary>
    public static torch.Tensor TorchIndex(long[] data, params int[] shape) => torch.tensor(data, shape.Select(d => (long)d).ToArray(), torch.int64);

    /// <summary>Our bool tensor of <paramref name="data"/> in <paramref name="shape"/>.</summary>
    public static Tensor Mask(bool[] data, params int[] shape) => Tensor.FromArray(data, shape);

    /// <summary>libtorch's bool tensor of <paramref name="data"/> in <paramref name="shape"/>.</summary>
    public static torch.Tensor TorchMask(bool[] data, params int[] shape) => torch.tensor(data, shape.Select(d => (long)d).ToArray(), torch.@bool);

    /// <summary>Our float tensor of <paramref name="data"/> with the dtype of <paramref name="like"/>.</summary>
    public static Tensor Float(double[] data, Tensor like, params int[] shape)
        => like.DType == DType.Float64 ? Tensor.FromArray(data, shape) : Tensor.FromArray(data.Select(v => (float)v).ToArray(), shape);

    /// <summary>libtorch's float tensor of <paramref name="data"/> with the dtype of <paramref name="like"/>.</summary>
    public static torch.Tensor TorchFloat(double[] data, torch.Tensor like, params int[] shape)
        => torch.tensor(data, shape.Select(d => (long)d).ToArray(), torch.float64).to(like.dtype);

    /// <summary><c>long[]</c> as the <c>long[]</c> dims libtorch takes.</summary>
    public static long[] L(params int[] dims) => dims.Select(d => (long)d).ToArray();
}
