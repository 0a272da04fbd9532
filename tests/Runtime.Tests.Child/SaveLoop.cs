namespace AutoDiffGen.Tests.Child;

/// <summary>The checkpoints the kill test's writer saves: save <c>i</c> fills every tensor with <c>i</c>.</summary>
public static class SaveLoop
{
    /// <summary>The model state of save number <paramref name="i"/>: about 1 MB, so a kill often lands mid-write.</summary>
    public static Dictionary<string, Tensor> State(int i) => new()
    {
        ["fc.weight"] = Tensor.Full(new Shape(512, 512), i),
        ["fc.bias"] = Tensor.Full(new Shape(512), i),
    };
}
