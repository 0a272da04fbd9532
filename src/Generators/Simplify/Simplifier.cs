using System;
using AutoDiffGen.Generators.Differentiate;
using AutoDiffGen.Generators.Lower;

namespace AutoDiffGen.Generators.Simplify;

/// <summary>
/// Simplify stage: constant folding and algebraic identities (<c>g * 1</c>, <c>x + 0</c>, <c>-(-x)</c>), common
/// subexpressions computed once, and dead code (forward values the backward never reads, gradients nobody returns)
/// removed. Run twice, since each pass exposes work for the others.
/// </summary>
internal static class Simplifier
{
    /// <summary>The pipeline's entry; on an internal error the unsimplified (still correct) method passes through.</summary>
    public static DifferentiatedMethod Simplify(DifferentiatedMethod method)
    {
        try
        {
            return method with
            {
                Backward = Run(method.Backward),
                Gradient = method.Gradient is null ? null : Run(method.Gradient),
            };
        }
        catch (Exception)
        {
            return method;
        }
    }

    public static IrFunction Run(IrFunction function)
    {
        for (var pass = 0; pass < 2; pass++)
        {
            function = DeadCode.Remove(Folding.Run(function));
        }

        // Once dead code is gone, a shape read from a tensor that survived is simpler than a broadcast of shapes.
        return DeadCode.Remove(Folding.Run(LiveShapes.Run(function)));
    }
}
