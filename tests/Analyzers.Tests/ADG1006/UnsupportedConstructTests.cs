using AutoDiffGen.Analyzers.Tests.Infrastructure;

namespace AutoDiffGen.Analyzers.Tests.ADG1006;

public class UnsupportedConstructTests
{
    private const string Id = "ADG1006";

    [Fact]
    public void FiresOnWhileAndDoLoopsAndSaysToWriteACountedLoop()
    {
        var diagnostics = AnalyzerHarness.Verify(Id, """
            public static partial class A
            {
                [Differentiable]
                public static double F(double x, int n)
                {
                    var y = x;
                    [|while|] (n > 0) { y = y * x; n = n - 1; }
                    [|do|] { y = y + 1.0; } while (n < 0);
                    return y;
                }
            }
            """);
        Assert.Equal(
            "A 'while' loop cannot be differentiated; write it as a counted loop 'for (int i = 0; i < n; i++)' whose bound n comes from int parameters, array lengths, tensor sizes (x.Size(0), x.Shape[1]) or constants",
            diagnostics[0].GetMessage());
        Assert.StartsWith("A 'do' loop cannot be differentiated; write it as a counted loop", diagnostics[1].GetMessage());
    }

    [Fact]
    public void SilentOnCountedForAndForEachLoopsTheGeneratorDifferentiates()
    {
        AnalyzerHarness.VerifyClean("""
            public static partial class A
            {
                [Differentiable]
                public static double Series(double x, int n, [NoDerivative] double[] data)
                {
                    var term = 1.0;
                    var sum = 1.0;
                    for (int k = 0; k < n; k++)
                    {
                        term = term * x / (k + 1);
                        sum += term;
                        for (int j = 0; j <= k; j += 2)
                        {
                            if (j == 2)
                            {
                                sum = sum + x * j;
                            }
                        }
                    }

                    foreach (var d in data)
                    {
                        sum += d * x;
                    }

                    for (int i = 0; i < data.Length; i++)
                    {
                        sum = sum * 0.5 + data[i];
                    }

                    return sum;
                }

                [Differentiable]
                public static Tensor Rnn([NoDerivative] Tensor[] xs, Tensor wx, Tensor wh, Tensor h0)
                {
                    var h = h0;
                    foreach (var x in xs)
                    {
                        h = Tensor.Tanh(Tensor.MatMul(x, wx) + Tensor.MatMul(h, wh));
                    }

                    return h;
                }
            }
            """, Microsoft.CodeAnalysis.DiagnosticSeverity.Warning);
    }

    [Fact]
    public void FiresOnLoopShapesTheGeneratorSkipsAndSaysWhatToChange()
    {
        var diagnostics = AnalyzerHarness.Verify(Id, """
            public static partial class A
            {
                [Differentiable]
                public static double F(double x, int n, System.Collections.Generic.List<double> list)
                {
                    var y = x;
                    for (var i = 0; i < [|(int)x|]; i++) { y = y * x; }
                    for (var i = n; [|i > 0|]; i--) { y = y * x; }
                    for (var i = 0; i < n; [|i = i + 1|]) { y = y * x; }
                    for (var i = 0; i < n; i++) { y = y * x; [|i += 1|]; }
                    foreach (var v in [|list|]) { y = y * v; }
                    for (var i = 0; i < n; i++)
                    {
                        if (y > 10.0) { [|break|]; }
                        if (y < -10.0) { [|continue|]; }
                        if (y == 0.0) { [|return|] y; }
                        y = y * x;
                    }

                    return y;
                }
            }
            """);
        Assert.Equal(
            "The loop bound '(int)x' cannot be differentiated; the number of iterations must not depend on a differentiable value or change while the loop runs: compute it from int parameters, array lengths, tensor sizes (x.Size(0), x.Shape[1]) or constants",
            diagnostics[0].GetMessage());
        Assert.Equal(
            "A 'for' loop whose condition is not 'i < bound' or 'i <= bound' cannot be differentiated; count up from the start to a bound; to walk backwards, index with 'n - 1 - i'",
            diagnostics[1].GetMessage());
        Assert.StartsWith("A 'for' loop whose step is not 'i++' or 'i += constant' cannot be differentiated; step the counter by a positive constant", diagnostics[2].GetMessage());
        Assert.Equal(
            "Writing the loop counter 'i' in the loop body cannot be differentiated; leave 'i' to the loop header, and use another local for any other index",
            diagnostics[3].GetMessage());
        Assert.StartsWith("A 'foreach' over 'list', which is not a one-dimensional array cannot be differentiated; pass the values as an array", diagnostics[4].GetMessage());
        Assert.Equal(
            "'break;' in a loop cannot be differentiated; a loop runs all its iterations: guard the rest of the body with if/else instead",
            diagnostics[5].GetMessage());
        Assert.StartsWith("'continue;' in a loop cannot be differentiated", diagnostics[6].GetMessage());
        Assert.Equal(
            "A 'return' inside a loop cannot be differentiated; a loop runs all its iterations: assign the result to a local and return it after the loop",
            diagnostics[7].GetMessage());
    }

    [Fact]
    public void FiresOnGotoTryLockUsingAndThrow()
    {
        var diagnostics = AnalyzerHarness.Verify(Id, """
            public static partial class A
            {
                private static readonly object Gate = new();

                [Differentiable]
                public static double F(double x)
                {
                    var y = x;
                    [|try|] { y = y * 2.0; } finally { }
                    [|lock|] (Gate) { y = y + 1.0; }
                    [|using|] (new System.IO.MemoryStream()) { }
                    if (x > 10.0) [|goto|] done;
                    [|done|]: y = y + 1.0;
                    if (y < 0.0) [|throw|] new ArgumentException("negative");
                    return y;
                }
            }
            """);
        Assert.StartsWith("A 'try' statement cannot be differentiated; check inputs before calling the method", diagnostics[0].GetMessage());
        Assert.StartsWith("A 'lock' statement", diagnostics[1].GetMessage());
        Assert.StartsWith("A 'using' statement", diagnostics[2].GetMessage());
        Assert.StartsWith("'goto done;' cannot be differentiated; use if/else and return", diagnostics[3].GetMessage());
        Assert.StartsWith("A 'throw' statement", diagnostics[5].GetMessage());
    }

    [Fact]
    public void FiresOnAwaitRefLocalsRecursionAndLambdas()
    {
        var diagnostics = AnalyzerHarness.Verify(Id, """
            public static partial class A
            {
                [Differentiable]
                public static async System.Threading.Tasks.Task<double> Later(double x) => [|await System.Threading.Tasks.Task.FromResult(x)|];

                [Differentiable]
                public static double RefLocal(double x)
                {
                    var values = new[] { x };
                    ref double [|first = ref values[0]|];
                    return first;
                }

                [Differentiable]
                public static double Factorial(double x) => x < 1.0 ? 1.0 : x * [|Factorial(x - 1.0)|];

                [Differentiable]
                public static double Captures(double x)
                {
                    Func<double, double> f = [|v => v * x|];
                    return f(2.0);
                }
            }
            """);
        Assert.StartsWith("'await System.Threading.Tasks.Task.FromResult(x)' cannot be differentiated; await outside the method", diagnostics[0].GetMessage());
        Assert.StartsWith("The ref local 'first' cannot be differentiated", diagnostics[1].GetMessage());
        Assert.Equal(
            "The recursive call 'Factorial(x - 1.0)' cannot be differentiated; write 'Factorial' without recursion, or give it a [DerivativeOf] rule",
            diagnostics[2].GetMessage());
        Assert.StartsWith("A lambda capturing the differentiable value 'x' cannot be differentiated; call a [Differentiable] method", diagnostics[3].GetMessage());
    }

    [Fact]
    public void FiresOnRefParametersAndReservedNames()
    {
        var diagnostics = AnalyzerHarness.Verify(Id, """
            public static partial class A
            {
                [Differentiable] public static double F([|ref double x|], double [|grad|]) => x * grad;
            }
            """);
        Assert.StartsWith("The 'ref' parameter 'x' cannot be differentiated; pass it by value", diagnostics[0].GetMessage());
        Assert.StartsWith("A parameter named 'grad' cannot be differentiated; rename it", diagnostics[1].GetMessage());
    }

    [Fact]
    public void FiresOnFieldReadsIndexingAndDiscardedCalls()
    {
        var diagnostics = AnalyzerHarness.Verify(Id, """
            public sealed class Holder { public double Value; }

            public static partial class A
            {
                [Differentiable]
                public static double F(double x, Holder holder)
                {
                    [|Console.WriteLine(x)|];
                    var values = new[] { x, 2.0 };
                    return x * [|holder.Value|] + [|values[0]|];
                }
            }
            """);
        Assert.StartsWith("The call 'Console.WriteLine(x)' whose result is discarded cannot be differentiated; assign its result to a local", diagnostics[0].GetMessage());
        Assert.StartsWith("Reading the field 'holder.Value' cannot be differentiated; pass the value in as a parameter", diagnostics[1].GetMessage());
        Assert.StartsWith("The element access 'values[0]'", diagnostics[2].GetMessage());
    }

    [Fact]
    public void FiresOnOperatorsTheDifferentiateStageHasNoRuleFor()
    {
        var diagnostics = AnalyzerHarness.Verify(Id, """
            public static partial class A
            {
                [Differentiable]
                public static double F(double x, double y, int n)
                {
                    var s = [|x % y|];
                    var t = [|+x|];
                    var k = n % 3;
                    int[] sizes = [|[n, 3]|];
                    return s + t + k + sizes.Length;
                }
            }
            """);
        Assert.StartsWith("The operator in 'x % y' on a differentiable value cannot be differentiated; use + - * /", diagnostics[0].GetMessage());
        Assert.StartsWith("Unary '+' on the differentiable value 'x' cannot be differentiated; leave the '+' out", diagnostics[1].GetMessage());
        Assert.StartsWith("The collection expression '[n, 3]' cannot be differentiated; list the elements of an array", diagnostics[2].GetMessage());
    }

    [Fact]
    public void SilentOnEverythingTheGeneratorTakes()
    {
        AnalyzerHarness.VerifyClean("""
            public enum Reduction { Sum, Mean }

            public static partial class A
            {
                private const double Half = 0.5;

                [Differentiable]
                public static double F(double x, double y, [NoDerivative] int n, Reduction mode)
                {
                    var a = x * y + Half;
                    double b = -a / (1.0 + x * x);
                    a = a + b;
                    b += a * 2.0;
                    float f = (float)x;
                    if (mode == Reduction.Mean && n > 0)
                    {
                        a = a / n;
                    }
                    else
                    {
                        a = a * Math.PI;
                    }

                    var sizes = new[] { 1, 2, n };
                    int[] more = new int[] { n, 3 };
                    var c = n > 1 ? a : b;
                    return Math.Exp(c) + Math.Sin(f) + default(double) + sizes.Length + more.Length;
                }
            }
            """, Microsoft.CodeAnalysis.DiagnosticSeverity.Warning);
    }

    [Fact]
    public void SilentOnMethodsWithCompileErrors()
    {
        // Half-typed code: the compiler's own error comes first, as the generator skips it too.
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create(
            "Broken",
            [Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(AnalyzerHarness.Usings + """
                public static partial class A
                {
                    [Differentiable]
                    public static double F(double x)
                    {
                        while (x > 0) { x = x - 1.0; }
                        return Undefined(x);
                    }
                }
                """)],
            AnalyzerHarness.References,
            AnalyzerHarness.CompilationOptions);
        Assert.DoesNotContain(AnalyzerHarness.Diagnostics(compilation), d => d.Id == Id);
    }
}
