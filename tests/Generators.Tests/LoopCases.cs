using AutoDiffGen.Generators.Tests.Infrastructure;

namespace AutoDiffGen.Generators.Tests;

/// <summary>The loop cases (issue #4, "Loops"): counted <c>for</c> and <c>foreach</c>, scalar and tensor, nested, with branches.</summary>
public static class LoopCases
{
    public static readonly GeneratorCase PowerSeries = new("LoopPowerSeries", """
            [Differentiable]
            public static double ExpSeries(double x, int n)
            {
                var term = 1.0;
                var sum = 1.0;
                for (int k = 0; k < n; k++)
                {
                    term = term * x / (k + 1);
                    sum += term;
                }

                return sum;
            }
        """, "ExpSeries", [], Integer: 20);

    public static readonly GeneratorCase Rnn = new("LoopRnn", """
            [Differentiable]
            public static Tensor Rnn(Tensor[] xs, Tensor wx, Tensor wh, Tensor b, Tensor h0)
            {
                var h = h0;
                for (int i = 0; i < xs.Length; i++)
                {
                    h = Tensor.Tanh(Tensor.MatMul(xs[i], wx) + Tensor.MatMul(h, wh) + b);
                }

                return h;
            }
        """, "Rnn", [[2, 3], [4, 4], [4], [2, 4]]);

    public static readonly GeneratorCase Nested = new("LoopNested", """
            [Differentiable]
            public static double NestedSum(double x, double y, int n)
            {
                var total = 0.0;
                for (int i = 0; i < n; i++)
                {
                    var row = 0.0;
                    for (int j = 0; j <= i; j++)
                    {
                        row += Math.Sin(x * (i + 1) + y * j);
                    }

                    total += row * row;
                }

                return total;
            }
        """, "NestedSum", [], Integer: 4);

    public static readonly GeneratorCase NestedPower = new("LoopNestedPower", """
            [Differentiable]
            public static double NestedPower(double x, int n, int m)
            {
                var p = 1.0;
                for (int i = 0; i < n; i++)
                {
                    for (int j = 0; j < m; j++)
                    {
                        p = p * x + 0.1 * Math.Sin(p + j);
                    }
                }

                return p;
            }
        """, "NestedPower", [], Integer: 3);

    public static readonly GeneratorCase ForEachTensor = new("LoopForEachTensor", """
            [Differentiable]
            public static Tensor ForEachTensor(Tensor[] xs, Tensor w, Tensor h0)
            {
                var h = h0;
                foreach (var x in xs)
                {
                    h = h * Tensor.Tanh(x * w) + x;
                }

                return h;
            }
        """, "ForEachTensor", [[3], [3]]);

    public static readonly GeneratorCase ForEachDouble = new("LoopForEachDouble", """
            [Differentiable]
            public static double ForEachDouble(double[] xs, double w, double c)
            {
                var sum = c;
                foreach (var x in xs)
                {
                    sum += Math.Tanh(w * x + 0.1 * sum);
                }

                return sum;
            }
        """, "ForEachDouble", []);

    public static readonly GeneratorCase WithIf = new("LoopWithIf", """
            [Differentiable]
            public static double LoopWithIf(double x, double y, int n)
            {
                var a = x;
                var b = y;
                for (int i = 0; i < n; i++)
                {
                    if (i % 2 == 0)
                    {
                        a = a * y + Math.Sin(b);
                    }
                    else
                    {
                        var t = a * b;
                        b = Math.Cos(t) + x;
                    }
                }

                return a + b * b;
            }
        """, "LoopWithIf", [], Integer: 5);

    public static readonly GeneratorCase Stepped = new("LoopStepped", """
            [Differentiable]
            public static double Stepped(double x, int n)
            {
                var y = x;
                for (int i = 1; i <= n; i += 2)
                {
                    y = y * Math.Cos(x * i) + x;
                }

                return y;
            }
        """, "Stepped", [], Integer: 6);

    public static readonly GeneratorCase Swap = new("LoopSwap", """
            [Differentiable]
            public static double Swap(double x, double y, int n)
            {
                var a = x;
                var b = y;
                for (int i = 0; i < n; i++)
                {
                    var next = a * 0.5 + Math.Sin(b);
                    a = b;
                    b = next;
                }

                return a * b;
            }
        """, "Swap", [], Integer: 5);

    public static readonly GeneratorCase InsideIf = new("LoopInsideIf", """
            [Differentiable]
            public static double LoopInsideIf(double x, int n)
            {
                if (n > 4)
                {
                    return x * x;
                }

                var y = x;
                for (int i = 0; i < n; i++)
                {
                    y = Math.Sin(y) * x;
                }

                return y;
            }
        """, "LoopInsideIf", [], Integer: 3);

    public static readonly GeneratorCase Single = new("LoopSingle", """
            [Differentiable]
            public static float LoopSingle(float x, int n)
            {
                var y = 1f;
                for (int i = 0; i < n; i++)
                {
                    y = y * MathF.Cos(x) + x;
                }

                return y;
            }
        """, "LoopSingle", [], Integer: 4);

    public static IEnumerable<GeneratorCase> All => [PowerSeries, Rnn, Nested, NestedPower, ForEachTensor, ForEachDouble, WithIf, Stepped, Swap, InsideIf, Single];

    /// <summary>The cases without array parameters, which the shared scalar checks can sample.</summary>
    public static TheoryData<string> ScalarNames => new(new[] { PowerSeries, Nested, NestedPower, WithIf, Stepped, Swap, InsideIf, Single }.Select(c => c.Name));

    /// <summary>The double-precision ones, checked at every trip count with float64 finite differences.</summary>
    public static TheoryData<string> DoubleNames => new(new[] { PowerSeries, Nested, NestedPower, WithIf, Stepped, Swap, InsideIf }.Select(c => c.Name));

    public static GeneratorCase ByName(string name) => All.Single(c => c.Name == name);
}
