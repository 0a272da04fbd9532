namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>Elementwise logical AND of two bool tensors, with broadcasting (<c>torch.logical_and</c>).</summary>
    public static Tensor LogicalAnd(Tensor a, Tensor b)
    {
        RequireBool(nameof(LogicalAnd), a, "a");
        RequireBool(nameof(LogicalAnd), b, "b");
        return SelectForward(nameof(LogicalAnd), a, b, BoolScalar(false));
    }

    /// <summary>Elementwise logical OR of two bool tensors, with broadcasting (<c>torch.logical_or</c>).</summary>
    public static Tensor LogicalOr(Tensor a, Tensor b)
    {
        RequireBool(nameof(LogicalOr), a, "a");
        RequireBool(nameof(LogicalOr), b, "b");
        return SelectForward(nameof(LogicalOr), a, BoolScalar(true), b);
    }

    /// <summary>Elementwise logical NOT of a bool tensor (<c>torch.logical_not</c>).</summary>
    public static Tensor LogicalNot(Tensor x)
    {
        RequireBool(nameof(LogicalNot), x, "x");
        return SelectForward(nameof(LogicalNot), x, BoolScalar(false), BoolScalar(true));
    }

    /// <summary>Elementwise AND of bool tensors (PyTorch's <c>&amp;</c> on masks).</summary>
    public static Tensor operator &(Tensor a, Tensor b) => LogicalAnd(a, b);

    /// <summary>Elementwise OR of bool tensors (PyTorch's <c>|</c> on masks).</summary>
    public static Tensor operator |(Tensor a, Tensor b) => LogicalOr(a, b);

    /// <summary>Elementwise NOT of a bool tensor (PyTorch's <c>~</c> on masks).</summary>
    public static Tensor operator ~(Tensor x) => LogicalNot(x);
}
