namespace AutoDiffGen.Nn;

/// <summary>
/// Elementwise functions nn needs that the runtime does not have yet (erf, softplus, log-sigmoid). Each is one tape node
/// with its derivative beside it, because composing them from exp and log would overflow in the branch not taken;
/// move each into Ops/ when the runtime gains the primitive.
/// </summary>
internal static class PendingOps
{
    /// <summary>The Gauss error function.</summary>
    public static Tensor Erf(Tensor x) => Autograd.Record("Erf", InPlace.Map(x, ErfScalar), x,
        static (node, grad, grads) =>
        {
            var input = node.Inputs[0];
            grads[0] = grad * (Tensor.Exp(-(input * input)) * (2.0 / Math.Sqrt(Math.PI)));
        });

    /// <summary>PyTorch's softplus: x where βx &gt; threshold, else log(1 + e^(βx)) / β.</summary>
    public static Tensor Softplus(Tensor x, double beta, double threshold) => Autograd.Record("Softplus",
        InPlace.Map(x, v => v * beta > threshold ? v : Log1p(Math.Exp(v * beta)) / beta), x,
        (node, grad, grads) => grads[0] = grad * InPlace.Map(node.Inputs[0], v => v * beta > threshold ? 1 : SigmoidScalar(v * beta)));

    /// <summary>log(sigmoid(x)) = min(x, 0) − log(1 + e^−|x|), stable for large |x|.</summary>
    public static Tensor LogSigmoid(Tensor x) => Autograd.Record("LogSigmoid",
        InPlace.Map(x, v => Math.Min(v, 0) - Log1p(Math.Exp(-Math.Abs(v)))), x,
        static (node, grad, grads) => grads[0] = grad * InPlace.Map(node.Inputs[0], v => SigmoidScalar(-v)));

    /// <summary>log(1 + u), accurate for tiny u too (Goldberg's trick: the rounding of 1 + u cancels in the ratio).</summary>
    public static double Log1p(double u)
    {
        var w = 1 + u;
        return w == 1 ? u : Math.Log(w) * u / (w - 1);
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
