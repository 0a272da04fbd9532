namespace AutoDiffGen;

/// <summary>
/// Thrown inside <see cref="Autograd.DetectAnomaly"/> when a node's backward produces a NaN or an infinity (PyTorch's
/// "Function 'MulBackward0' returned nan values in its 0th output"); the message names the node, the input and the
/// stack trace of the forward operation that recorded it.
/// </summary>
public sealed class AnomalyDetectedException : Exception
{
    internal AnomalyDetectedException(Node node, int inputIndex, Shape shape, int flatIndex, double value)
        : base(
            $"Anomaly detected: the backward of {node.Name} returned {Describe(value)} in the gradient of its input {inputIndex} " +
            $"(shape {shape}) at flat index {flatIndex}. The forward {node.Name} was recorded at:{Environment.NewLine}" +
            (node.RecordedAt?.ToString() ?? "  (not captured: the node was recorded outside Autograd.DetectAnomaly())"))
    {
        Node = node;
        InputIndex = inputIndex;
    }

    /// <summary>The node whose backward produced the non-finite value.</summary>
    public Node Node { get; }

    /// <summary>Which of the node's inputs received the non-finite gradient.</summary>
    public int InputIndex { get; }

    private static string Describe(double value) => double.IsNaN(value) ? "NaN" : value > 0 ? "+infinity" : "-infinity";
}
