using AutoDiffGen.Analyzers.Tests.Infrastructure;

namespace AutoDiffGen.Analyzers.Tests.ADG1006;

public class UnsupportedConstructTests
{
    private const string Id = "ADG1006";

    [Fact]
    public void FiresOnTheKeywordOfEveryLoopAndSaysWhatToDoInstead()
    {
        var diagnostics = AnalyzerHarness.Verify(Id, """
            public static partial class A
            {
                [Differentiable]
                public static double F(double x, int n, double[] data)
                {
                    var y = x;
                    [|while|] (n > 0) { y = y * x; n = n - 1; }
                    [|do|] { y = y + 1.0; } while (n < 0);
                    [|for|] (var i = 0; i < n; i++) { y = y * 2.0; }
                    [|foreach|] (var d in data) { y = y + d; }
                    return y;
                }
            }
            """);
        Assert.Equal(
            "A 'while' loop cannot be differentiated; unroll it, write it with whole-tensor ops (Sum, MatMul, broadcasting), or move it into a helper that has a [DerivativeOf] rule",
            diagnostics[0].GetMessage());
        Assert.StartsWith("A 'do' loop cannot be differentiated", diagnostics[1].GetMessage());
        Assert.StartsWith("A 'for' loop cannot be differentiated", diagnostics[2].GetMessage());
        Assert.StartsWith("A 'foreach' loop cannot be differentiated", diagnostics[3].GetMessage());
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
                public static double F(double x, Holder holder, double[] values)
                {
                    [|Console.WriteLine(x)|];
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
