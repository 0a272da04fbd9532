namespace AutoDiffGen;

/// <summary>PyTorch's dtype shorthands (<c>x.float()</c>, <c>x.double()</c>, <c>x.long()</c>, <c>x.bool()</c>).</summary>
public sealed partial class Tensor
{
    /// <summary>This tensor as float32 (PyTorch's <c>float()</c>); itself if already float32. Differentiable from float64.</summary>
    public Tensor Float() => To(DType.Float32);

    /// <summary>This tensor as float64 (PyTorch's <c>double()</c>); itself if already float64. Differentiable from float32.</summary>
    public Tensor Double() => To(DType.Float64);

    /// <summary>This tensor as int64 (PyTorch's <c>long()</c>), truncating toward zero; itself if already int64. Not differentiable.</summary>
    public Tensor Long() => To(DType.Int64);

    /// <summary>This tensor as bool (PyTorch's <c>bool()</c>): true where non-zero (NaN included); itself if already bool.</summary>
    public Tensor Bool() => To(DType.Bool);
}
