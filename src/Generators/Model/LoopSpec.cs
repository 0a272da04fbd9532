namespace AutoDiffGen.Generators.Model;

/// <summary>
/// The header of a counted loop, <c>for (int Counter = Start; Counter &lt; Bound; Counter += Step)</c> (<c>&lt;=</c> when
/// <paramref name="Inclusive"/>). Start and bound are <c>int</c> expressions that no differentiable value and no statement
/// of the body can change, so the trip count is known when the loop starts and the reverse sweep can run it backwards.
/// </summary>
/// <param name="Counter">The counter's name (for a <c>foreach</c>, a fresh name the source does not use).</param>
/// <param name="Start">The counter's first value.</param>
/// <param name="Bound">The bound the counter is compared with.</param>
/// <param name="Inclusive">True for <c>&lt;=</c>, false for <c>&lt;</c>.</param>
/// <param name="Step">The positive constant added to the counter after each iteration.</param>
internal sealed record LoopSpec(string Counter, ExpressionSpec Start, ExpressionSpec Bound, bool Inclusive, int Step);
