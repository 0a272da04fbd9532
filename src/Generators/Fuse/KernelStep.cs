using System.Collections.Generic;

namespace AutoDiffGen.Generators.Fuse;

/// <summary>One call of a kernel program: <c>FusedMath&lt;T&gt;.{Operation}(args..., destination)</c>.</summary>
/// <param name="Operation">The <c>FusedMath&lt;T&gt;</c> method.</param>
/// <param name="Args">Its operands (blocks, masks, inputs or uniform scalars).</param>
/// <param name="Destination">The block it writes.</param>
/// <param name="Comment">What it computes, in scalar terms (<c>prod = 0.044715 * x</c>).</param>
/// <param name="Source">The source statement it comes from, quoted above each group of calls.</param>
internal sealed record KernelStep(string Operation, IReadOnlyList<KernelValue> Args, KernelValue Destination, string Comment, string Source);
