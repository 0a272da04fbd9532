namespace AutoDiffGen;

/// <summary>
/// Thrown in cross-check mode (<see cref="Autograd.CrossCheck"/>) when a generated node's backward and the op-by-op tape
/// disagree on the gradient of one input: names the method, the input, and the element where they differ most.
/// </summary>
public sealed class GradientMismatchException : Exception
{
    /// <summary>Creates the exception; the message is built from the parts.</summary>
    internal GradientMismatchException(
        string method, string input, int inputIndex, Shape inputShape, long elementIndex, int[] position, double generated, double tape,
        double relativeTolerance, double absoluteTolerance)
        : base(
            $"Cross-check of {method}: the gradient of input '{input}' (#{inputIndex}, shape {inputShape}) from the generated backward " +
            $"differs from the op-by-op tape's. Largest absolute difference {Math.Abs(generated - tape):G6} at element [{string.Join(", ", position)}] " +
            $"(flat index {elementIndex}): generated {generated:R}, tape {tape:R} (relative tolerance {relativeTolerance:G3}, absolute tolerance " +
            $"{absoluteTolerance:G3}). A [DerivativeOf] rule the generated backward composes is the usual suspect.")
    {
        Method = method;
        Input = input;
        InputIndex = inputIndex;
        ElementIndex = elementIndex;
        Generated = generated;
        Tape = tape;
    }

    /// <summary>Creates the exception for a gradient of the wrong shape.</summary>
    internal GradientMismatchException(string method, string input, int inputIndex, Shape inputShape, Shape generatedShape)
        : base(
            $"Cross-check of {method}: the generated backward returned a gradient of shape {generatedShape} for input '{input}' " +
            $"(#{inputIndex}), which has shape {inputShape}; a gradient must have its input's shape (a broadcasting rule may be missing ReduceGrad).")
    {
        Method = method;
        Input = input;
        InputIndex = inputIndex;
        ElementIndex = -1;
        Generated = double.NaN;
        Tape = double.NaN;
    }

    /// <summary>The <c>[Differentiable]</c> method whose node was checked, e.g. <c>Functions.Layer</c>.</summary>
    public string Method { get; }

    /// <summary>The parameter whose gradients disagree.</summary>
    public string Input { get; }

    /// <summary>The parameter's position among the node's inputs (its differentiable tensor parameters).</summary>
    public int InputIndex { get; }

    /// <summary>The flat (row-major) index of the element with the largest difference; -1 for a shape mismatch.</summary>
    public long ElementIndex { get; }

    /// <summary>The generated backward's value there.</summary>
    public double Generated { get; }

    /// <summary>The op-by-op tape's value there.</summary>
    public double Tape { get; }

    /// <summary>|<see cref="Generated"/> − <see cref="Tape"/>|.</summary>
    public double AbsoluteDifference => Math.Abs(Generated - Tape);
}
