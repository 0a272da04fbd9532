namespace AutoDiffGen;

/// <summary>
/// Computes the gradients of a recorded operation's inputs from the gradient of its result.
/// </summary>
/// <param name="node">The node being differentiated: its inputs, result and saved state.</param>
/// <param name="grad">The gradient flowing into the node's result (same shape as the result).</param>
/// <param name="inputGrads">
/// One slot per input, to fill with that input's gradient (same shape as the input); leave <c>null</c> where
/// <see cref="Node.NeedsInputGrad"/> is false or the gradient is zero.
/// </param>
public delegate void BackwardFunction(Node node, Tensor grad, Tensor?[] inputGrads);
