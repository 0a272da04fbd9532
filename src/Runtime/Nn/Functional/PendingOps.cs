namespace AutoDiffGen.Nn;

/// <summary>
/// Minimal elementwise primitives that nn needs before the runtime has them (sigmoid, sqrt, erf, clamp, softplus, a
/// detached row max). Each is one tape node with its derivative beside it; delete each one when the runtime's op lands.
/// </summary>
internal static class PendingOps
{
    /// <summary>1 / (1 + e^-x), evaluated without overflow.</summary>
    public static Tensor Sigmoid(Tensor x) => Autograd.Record("Sigmoid", InPlace.Map(x, SigmoidScalar), x,
        static (node, grad, grads) => grads[0] = grad * (node.Result * (1.0 - node.Result)));

    /// <summary>Elementwise square root.</summary>
    public static Tensor Sqrt(Tensor x) => Autograd.Record("Sqrt", InPlace.Map(x, Math.Sqrt), x,
        static (node, grad, grads) => grads[0] = grad / (node.Result * 2.0));

    /// <summary>The Gauss error function.</summary>
    public static Tensor Erf(Tensor x) => Autograd.Record("Erf", InPlace.Map(x, ErfScalar), x,
        static (node, grad, grads) =>
        {
            var input = node.Inputs[0];
            grads[0] = grad * (Tensor.Exp(-(input * input)) * (2.0 / Math.Sqrt(Math.PI)));
        });

    /// <summary>max(x, min), propagating NaN; the gradient flows where x ≥ min, as PyTorch's clamp.</summary>
    public static Tensor ClampMin(Tensor x, double min) => Autograd.Record("ClampMin",
        InPlace.Map(x, v => double.IsNaN(v) ? v : Math.Max(v, min)), x,
        (node, grad, grads) => grads[0] = grad * InPlace.Map(node.Inputs[0], v => v >= min ? 1 : 0));

    /// <summary>PyTorch's softplus: x where βx &gt; threshold, else log(1 + e^(βx)) / β.</summary>
    public static Tensor Softplus(Tensor x, double beta, double threshold) => Autograd.Record("Softplus",
        InPlace.Map(x, v => v * beta > threshold ? v : Math.Log(1 + Math.Exp(v * beta)) / beta), x,
        (node, grad, grads) => grads[0] = grad * InPlace.Map(node.Inputs[0], v => v * beta > threshold ? 1 : SigmoidScalar(v * beta)));

    /// <summary>log(sigmoid(x)) = min(x, 0) − log(1 + e^−|x|), stable for large |x|.</summary>
    public static Tensor LogSigmoid(Tensor x) => Autograd.Record("LogSigmoid",
        InPlace.Map(x, v => Math.Min(v, 0) - Math.Log(1 + Math.Exp(-Math.Abs(v)))), x,
        static (node, grad, grads) => grads[0] = grad * InPlace.Map(node.Inputs[0], v => SigmoidScalar(-v)));

    /// <summary>|x|, with gradient sign(x) (0 at 0), as PyTorch.</summary>
    public static Tensor Abs(Tensor x) => x * InPlace.Map(x, v => Math.Sign(v));

    /// <summary>The maximum along <paramref name="dim"/> (kept as size 1), detached, with infinities replaced by 0 so shifting by it stays finite.</summary>
    public static Tensor MaxDetached(Tensor x, int dim)
    {
        var axis = Shape.NormalizeAxis(dim, x.Rank);
        var source = x.ContiguousUntracked();
        var (outer, length, inner) = Tensor.Split(source.Shape.ToArray(), axis);
        var dims = source.Shape.ToArray();
        dims[axis] = 1;
        var result = Tensor.Empty(new Shape(dims), x.DType);
        for (var o = 0; o < outer; o++)
        {
            for (var i = 0; i < inner; i++)
            {
                var best = double.NegativeInfinity;
                for (var k = 0; k < length; k++)
                {
                    var v = source.GetAsDouble(source.Offset + (o * length + k) * inner + i);
                    best = double.IsNaN(v) || v > best ? v : best;
                }

                result.SetFlat(o * inner + i, double.IsInfinity(best) ? 0 : best);
            }
        }

        return result;
    }

    /// <summary>1 / (1 + e^-v) without overflow for either sign.</summary>
    public static double SigmoidScalar(double v)
    {
        if (v >= 0)
        {
            return 1 / (1 + Math.Exp(-v));
        }

        var e = Math.Exp(v);
        return e / (1 + e);
    }

    /// <summary>erf(v) to about 1e-15: a Taylor series near 0, a continued fraction for erfc in the tails.</summary>
    public static double ErfScalar(double v)
    {
        if (double.IsNaN(v))
        {
            return v;
        }

        var a = Math.Abs(v);
        if (a > 6)
        {
            return Math.Sign(v);
        }

        if (a < 2.5)
        {
            // erf(v) = 2/√π Σ (−1)^n v^(2n+1) / (n! (2n+1)); terms stay below ~20, so cancellation costs < 1e-14.
            double sum = 0, term = v;
            for (var n = 0; n < 200; n++)
            {
                var contribution = term / (2 * n + 1);
                sum += contribution;
                if (Math.Abs(contribution) < 1e-17 * Math.Abs(sum))
                {
                    break;
                }

                term *= -v * v / (n + 1);
            }

            return 2 / Math.Sqrt(Math.PI) * sum;
        }

        // erfc(a) = e^(−a²)/√π · 1/(a + (1/2)/(a + 1/(a + (3/2)/(a + ...)))), evaluated bottom-up.
        var f = a;
        for (var k = 80; k >= 1; k--)
        {
            f = a + k / 2.0 / f;
        }

        var erfc = Math.Exp(-a * a) / Math.Sqrt(Math.PI) / f;
        return Math.Sign(v) * (1 - erfc);
    }
}
