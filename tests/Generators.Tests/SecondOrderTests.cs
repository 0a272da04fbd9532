using AutoDiffGen.Generators.Tests.Infrastructure;

namespace AutoDiffGen.Generators.Tests;

/// <summary>
/// <c>[Differentiable(Order = 2)]</c>: the generator runs on its own pullback. Second derivatives and Hessian-vector
/// products are checked against closed forms, against float64 central differences of the generated gradient, and (for
/// tensors) against the tape's double backward.
/// </summary>
public class SecondOrderTests
{
    // Central differences of an analytic gradient: truncation O(h²), rounding O(eps/h); h = 1e-5 keeps both near 1e-9.
    private const double Step = 1e-5;

    public static readonly GeneratorCase CubeSine = new(nameof(CubeSine), """
            [Differentiable(Order = 2)]
            public static double CubeSine(double x) => x * x * x * Math.Sin(x);
        """, "CubeSine", []);

    public static readonly GeneratorCase Rosenbrock = new(nameof(Rosenbrock), """
            [Differentiable(Order = 2)]
            public static double Rosenbrock(double x0, double x1) =>
                100 * (x1 - x0 * x0) * (x1 - x0 * x0) + (x0 - 1) * (x0 - 1);
        """, "Rosenbrock", []);

    private static readonly double[] Points = [-2.5, -1.0, -0.3, 0.0, 0.7, 1.0, 2.0, 3.1];

    [Fact]
    public void SecondDerivativeOfCubeSineMatchesTheClosedForm()
    {
        var compiled = Compile(CubeSine);
        foreach (var x in Points)
        {
            // (x³ sin x)'' = 6x sin x + 6x² cos x − x³ sin x
            var expected = 6 * x * Math.Sin(x) + 6 * x * x * Math.Cos(x) - x * x * x * Math.Sin(x);
            var actual = (double)compiled.Invoke("CubeSineSecondDerivative", x)!;
            Assert.Equal(expected, actual, 1e-12);
        }
    }

    [Fact]
    public void BackwardBackwardOfCubeSineMatchesFiniteDifferencesOfTheBackward()
    {
        var compiled = Compile(CubeSine);
        var random = new Random(3);
        foreach (var x in Points)
        {
            var gradX = random.NextDouble() + 0.5;
            var gradOutput = random.NextDouble() + 0.5;
            double Backward(double g, double at) => (double)compiled.Invoke("CubeSineBackward", g, at)!;

            var actual = CompiledCase.Elements(compiled.Invoke("CubeSineBackwardBackward", gradX, gradOutput, x));
            var dGradOutput = gradX * (Backward(gradOutput + Step, x) - Backward(gradOutput - Step, x)) / (2 * Step);
            var dx = gradX * (Backward(gradOutput, x + Step) - Backward(gradOutput, x - Step)) / (2 * Step);
            Assert.Equal(dGradOutput, (double)actual[0]!, 1e-7);
            Assert.Equal(dx, (double)actual[1]!, 1e-6);
        }
    }

    [Fact]
    public void HessianVectorProductOfRosenbrockMatchesTheClosedForm()
    {
        var compiled = Compile(Rosenbrock);
        var random = new Random(5);
        foreach (var x0 in Points)
        {
            var x1 = random.NextDouble() * 4 - 2;
            var (v0, v1) = (random.NextDouble() - 0.5, random.NextDouble() - 0.5);

            // f = 100 (x1 − x0²)² + (x0 − 1)²: H = [[1200 x0² − 400 x1 + 2, −400 x0], [−400 x0, 200]].
            var expected0 = (1200 * x0 * x0 - 400 * x1 + 2) * v0 - 400 * x0 * v1;
            var expected1 = -400 * x0 * v0 + 200 * v1;
            var actual = CompiledCase.Elements(compiled.Invoke("RosenbrockHessianVectorProduct", x0, x1, v0, v1));
            Assert.Equal(expected0, (double)actual[0]!, 1e-9);
            Assert.Equal(expected1, (double)actual[1]!, 1e-9);
        }
    }

    [Fact]
    public void BackwardBackwardOfRosenbrockMatchesFiniteDifferencesOfTheBackward()
    {
        var compiled = Compile(Rosenbrock);
        var random = new Random(9);
        for (var point = 0; point < 6; point++)
        {
            double[] x = [random.NextDouble() * 4 - 2, random.NextDouble() * 4 - 2];
            double[] grads = [random.NextDouble() - 0.5, random.NextDouble() - 0.5];
            var gradOutput = random.NextDouble() + 0.5;

            // <grads, Backward(gradOutput, x)>, whose gradient FBackwardBackward returns.
            double Loss(double g, double[] at) => CompiledCase.Elements(compiled.Invoke("RosenbrockBackward", g, at[0], at[1]))
                .Select((d, i) => grads[i] * (double)d!).Sum();

            var actual = CompiledCase.Elements(compiled.Invoke("RosenbrockBackwardBackward", grads[0], grads[1], gradOutput, x[0], x[1]))
                .Select(d => (double)d!).ToArray();
            var numeric = new double[3];
            numeric[0] = (Loss(gradOutput + Step, x) - Loss(gradOutput - Step, x)) / (2 * Step);
            for (var i = 0; i < 2; i++)
            {
                var plus = (double[])x.Clone();
                var minus = (double[])x.Clone();
                plus[i] += Step;
                minus[i] -= Step;
                numeric[i + 1] = (Loss(gradOutput, plus) - Loss(gradOutput, minus)) / (2 * Step);
            }

            for (var i = 0; i < 3; i++)
            {
                Assert.True(Math.Abs(numeric[i] - actual[i]) <= 1e-6 + 1e-7 * Math.Abs(numeric[i]), $"output {i}: {numeric[i]} vs {actual[i]}");
            }
        }
    }

    public static TheoryData<string> Names => Cases.Names;

    // Pullbacks that call something with no rule of its own: a user rule (UserRule, WrtRules, UserRuleWins), another
    // method's generated backward (Composition, TensorComposition), or a call replayed on the tape (Sum(), a `using` block).
    private static readonly HashSet<string> Unsupported =
        [nameof(Cases.UserRule), nameof(Cases.WrtRules), nameof(Cases.UserRuleWins), nameof(Cases.Composition), nameof(Cases.TensorComposition),
         nameof(Cases.Gram)];

    /// <summary>
    /// Every shared case at Order = 2: the output compiles cleanly, second order is generated exactly where the pullback
    /// is differentiable (elsewhere it is skipped without a diagnostic), and FBackwardBackward agrees with central
    /// differences of the generated FBackward; the Hessian-vector product and second derivative agree with it.
    /// </summary>
    [Theory]
    [MemberData(nameof(Names))]
    public void EveryCaseAtOrderTwoAgreesWithFiniteDifferencesOfItsBackward(string name)
    {
        var testCase = Cases.ByName(name);
        testCase = testCase with { Members = testCase.Members.Replace("[Differentiable]", "[Differentiable(Order = 2)]") };
        var (output, result) = GeneratorHarness.Run(GeneratorHarness.Compilation(testCase.Source));
        Assert.Empty(result.Diagnostics);
        var compiled = CompiledCase.Load(output);
        Assert.True(compiled.HasMethod(testCase.Method + "Backward"));
        var generated = compiled.HasMethod(testCase.Method + "BackwardBackward");
        Assert.Equal(!Unsupported.Contains(name), generated);
        // WithoutDerivative stays a constant at every order (JAX's stop_gradient), so its backward's finite differences differ.
        if (generated && name != nameof(Cases.WithoutDerivative))
        {
            CheckBackwardBackward(compiled, testCase);
        }
    }

    private static void CheckBackwardBackward(CompiledCase compiled, GeneratorCase testCase)
    {
        var forward = compiled.Method(testCase.Method);
        var parameters = forward.GetParameters();
        var isTensor = forward.ReturnType.FullName == "AutoDiffGen.Tensor";
        var isSingle = forward.ReturnType == typeof(float) || parameters.Any(p => p.ParameterType == typeof(float));
        var step = isSingle ? 1e-2 : 1e-6;
        var tolerance = isSingle ? 2e-3 : 1e-6;
        var differentiable = GeneratedCodeTests.DifferentiableIndices(parameters, isTensor);
        var random = new Random(17);

        for (var point = 0; point < (isTensor ? 1 : 4); point++)
        {
            // Each value as a flat double[]: scalars have one element, tensors their data.
            object?[] args;
            if (isTensor)
            {
                args = GeneratedCodeTests.TensorArguments(compiled, testCase, parameters, random).Args;
            }
            else
            {
                args = parameters.Select(p => GeneratedCodeTests.SampleScalar(p.ParameterType, random, testCase)).ToArray();
            }

            var resultValue = forward.Invoke(null, args)!;
            object Like(object? value, double[] data) => isTensor ? compiled.NewTensor(data, compiled.Shape(value!)) : GeneratedCodeTests.Convert(data[0], value!.GetType());
            double[] Flat(object? value) => isTensor ? compiled.Data(value!) : [System.Convert.ToDouble(value)];
            double[] Random(object? value) => Flat(value).Select(_ => random.NextDouble() - 0.5).ToArray();

            var gradOutput = Like(resultValue, Random(resultValue));
            var grads = differentiable.Select(i => Like(args[i], Random(args[i]))).ToArray();

            // L(gradOutput, x) = Σ <grads_k, FBackward(gradOutput, x)_k>, whose gradient FBackwardBackward returns.
            double Loss(object g, object?[] at) => CompiledCase.Elements(compiled.Invoke(testCase.Method + "Backward", [g, .. at]))
                .Select((d, k) => Flat(d).Zip(Flat(grads[k]), (a, b) => a * b).Sum()).Sum();

            var actual = CompiledCase.Elements(compiled.Invoke(testCase.Method + "BackwardBackward", [.. grads, gradOutput, .. args]));
            Assert.Equal(differentiable.Count + 1, actual.Length);

            // Gradient of gradOutput, then of each differentiable input, element by element.
            var targets = new List<(string Name, Func<double[], object?[], (object, object?[])> With, double[] Data)>
            {
                ("gradOutput", (d, a) => (Like(gradOutput, d), a), Flat(gradOutput)),
            };
            foreach (var i in differentiable)
            {
                targets.Add((parameters[i].Name!, (d, a) => { var copy = (object?[])a.Clone(); copy[i] = Like(args[i], d); return (gradOutput, copy); }, Flat(args[i])));
            }

            for (var t = 0; t < targets.Count; t++)
            {
                var analytic = Flat(actual[t]);
                Assert.Equal(targets[t].Data.Length, analytic.Length);
                for (var e = 0; e < analytic.Length; e++)
                {
                    var plus = (double[])targets[t].Data.Clone();
                    var minus = (double[])targets[t].Data.Clone();
                    plus[e] += step;
                    minus[e] -= step;
                    var (gPlus, aPlus) = targets[t].With(plus, args);
                    var (gMinus, aMinus) = targets[t].With(minus, args);
                    var stepTaken = isSingle ? Flat(targets[t].With(plus, args).Item1 == gradOutput ? aPlus[differentiable[t - 1]] : gPlus)[e] - Flat(targets[t].With(minus, args).Item1 == gradOutput ? aMinus[differentiable[t - 1]] : gMinus)[e] : 2 * step;
                    var numeric = (Loss(gPlus, aPlus) - Loss(gMinus, aMinus)) / stepTaken;
                    Assert.True(
                        Math.Abs(numeric - analytic[e]) <= tolerance + 1e-5 * Math.Abs(numeric),
                        $"{testCase.Name}: d/d{targets[t].Name}[{e}] of <grads, {testCase.Method}Backward>: numeric {numeric}, generated {analytic[e]}");
                }
            }

            if (!isTensor)
            {
                CheckHessianVectorProduct(compiled, testCase, args, differentiable, grads);
            }
        }
    }

    /// <summary>FHessianVectorProduct(x, v) is FBackwardBackward(v, 1, x) without its gradOutput part; FSecondDerivative is H·1.</summary>
    private static void CheckHessianVectorProduct(CompiledCase compiled, GeneratorCase testCase, object?[] args, List<int> differentiable, object[] v)
    {
        var returnType = compiled.Method(testCase.Method).ReturnType;
        var hvp = CompiledCase.Elements(compiled.Invoke(testCase.Method + "HessianVectorProduct", [.. args, .. v])).Select(System.Convert.ToDouble).ToArray();
        var full = CompiledCase.Elements(compiled.Invoke(testCase.Method + "BackwardBackward", [.. v, GeneratedCodeTests.Convert(1.0, returnType), .. args]))
            .Skip(1).Select(System.Convert.ToDouble).ToArray();
        Assert.Equal(full.Length, hvp.Length);
        for (var k = 0; k < hvp.Length; k++)
        {
            Assert.True(Math.Abs(full[k] - hvp[k]) <= 1e-12 + 1e-5 * Math.Abs(full[k]), $"{testCase.Name}: H·v[{k}] {hvp[k]} vs {full[k]}");
        }

        Assert.Equal(differentiable.Count == 1, compiled.HasMethod(testCase.Method + "SecondDerivative"));
        if (differentiable.Count == 1)
        {
            var one = GeneratedCodeTests.Convert(1.0, v[0].GetType());
            var second = System.Convert.ToDouble(compiled.Invoke(testCase.Method + "SecondDerivative", args));
            var expected = System.Convert.ToDouble(CompiledCase.Elements(compiled.Invoke(testCase.Method + "HessianVectorProduct", [.. args, one]))[0]);
            Assert.True(Math.Abs(expected - second) <= 1e-12 + 1e-5 * Math.Abs(expected), $"{testCase.Name}: f'' {second} vs H·1 {expected}");
        }
    }

    public static readonly GeneratorCase TensorRatio = new(nameof(TensorRatio), """
            [Differentiable(Order = 2)]
            public static Tensor TensorRatio(Tensor a, Tensor b) => a / (b * b + 1.0) - 2.0 / (a * a + 1.0);
        """, "TensorRatio", [[3], [2, 3]]);

    public static readonly GeneratorCase Layer = new(nameof(Layer), """
            [Differentiable(Order = 2)]
            public static Tensor Layer(Tensor x, Tensor w) => Tensor.Tanh(Tensor.MatMul(x, w));
        """, "Layer", [[2, 3], [3, 4]]);

    public static readonly GeneratorCase Waves = new(nameof(Waves), """
            [Differentiable(Order = 2)]
            public static Tensor Waves(Tensor x, Tensor w) => Tensor.Sigmoid(Tensor.MatMul(Tensor.Sin(x), w)) * Tensor.Cos(Tensor.MatMul(x, w));
        """, "Waves", [[2, 3], [3, 4]]);

    [Fact]
    public void WavesBackwardBackwardMatchesTheTapesDoubleBackward()
    {
        CheckAgainstTape(Waves, inputs => Tensor.Sigmoid(Tensor.MatMul(Tensor.Sin(inputs[0]), inputs[1])) * Tensor.Cos(Tensor.MatMul(inputs[0], inputs[1])));

        // Sigmoid's, Sin's and Cos's rules have rules of their own, so nothing is replayed on the tape.
        var (_, result) = GeneratorHarness.Run(GeneratorHarness.Compilation(Waves.Source));
        var text = GeneratorHarness.Files(result)["Functions.Waves.SecondOrder.g.cs"];
        Assert.Contains("SigmoidBackwardBackward(", text);
        Assert.Contains("SinBackwardBackward(", text);
        Assert.Contains("CosBackwardBackward(", text);
        Assert.DoesNotContain("Autograd.Grad(", text);
    }

    [Fact]
    public void TensorBackwardBackwardMatchesTheTapesDoubleBackward()
    {
        CheckAgainstTape(TensorRatio, inputs => inputs[0] / (inputs[1] * inputs[1] + 1.0) - 2.0 / (inputs[0] * inputs[0] + 1.0));

        // Compile-time throughout: the pullback's ReduceGrad calls are differentiated by ReduceGrad's own rule.
        var (_, result) = GeneratorHarness.Run(GeneratorHarness.Compilation(TensorRatio.Source));
        var text = GeneratorHarness.Files(result)["Functions.TensorRatio.SecondOrder.g.cs"];
        Assert.Contains("ReduceGradBackward(", text);
        Assert.DoesNotContain("Autograd.Grad(", text);
    }

    [Fact]
    public void LayerBackwardBackwardMatchesTheTapesDoubleBackward()
    {
        CheckAgainstTape(Layer, inputs => Tensor.Tanh(Tensor.MatMul(inputs[0], inputs[1])));

        // The rules' own rules (TanhBackwardBackward, MatMulBackwardABackward...) keep it off the tape.
        var (_, result) = GeneratorHarness.Run(GeneratorHarness.Compilation(Layer.Source));
        var text = GeneratorHarness.Files(result)["Functions.Layer.SecondOrder.g.cs"];
        Assert.Contains("TanhBackwardBackward(", text);
        Assert.DoesNotContain("Autograd.Grad(", text);
    }

    /// <summary>
    /// FBackwardBackward against the tape's double backward (PyTorch's create_graph=True): record F, take its gradient
    /// as a recorded computation, then differentiate &lt;upstream, that gradient&gt; with respect to gradOutput and the inputs.
    /// </summary>
    private static void CheckAgainstTape(GeneratorCase testCase, Func<Tensor[], Tensor> forward)
    {
        var compiled = Compile(testCase);
        var random = new Random(21);
        Tensor Random(int[] shape) => Tensor.FromArray(
            Enumerable.Range(0, shape.Aggregate(1, (x, y) => x * y)).Select(_ => random.NextDouble() * 2 - 1).ToArray(), shape);
        var inputs = testCase.TensorShapes.Select(Random).ToArray();
        var gradOutput = Random(forward(inputs).Shape.ToArray());
        var upstream = testCase.TensorShapes.Select(Random).ToArray();

        object[] args = [.. upstream, gradOutput, .. inputs];
        var generated = CompiledCase.Elements(compiled.Invoke(testCase.Method + "BackwardBackward", args)).Cast<Tensor>().ToArray();

        var tracked = inputs.Select(t => t.Detach().RequiresGrad_()).ToArray();
        var trackedGrad = gradOutput.Detach().RequiresGrad_();
        Tensor?[] expected;
        using (Autograd.EnableGrad())
        {
            var first = Autograd.Grad(forward(tracked), tracked, trackedGrad, createGraph: true);
            var inner = first.Select((g, k) => (g! * upstream[k]).Sum()).Aggregate((a, b) => a + b);
            expected = Autograd.Grad(inner, [trackedGrad, .. tracked]);
        }

        Assert.Equal(expected.Length, generated.Length);
        for (var k = 0; k < expected.Length; k++)
        {
            var want = expected[k]!.ToArray<double>();
            var got = generated[k].ToArray<double>();
            Assert.Equal(want.Length, got.Length);
            for (var e = 0; e < want.Length; e++)
            {
                Assert.Equal(want[e], got[e], 1e-12);
            }
        }
    }

    [Fact]
    public void SecondOrderFileOfLayer() => Verify(Layer);

    [Fact]
    public void SecondOrderFileOfTensorRatio() => Verify(TensorRatio);

    [Theory]
    [InlineData("syntax error", "[Differentiable(Order = 2)] public static double F(double x) => x *;")]
    [InlineData("unknown method", "[Differentiable(Order = 2)] public static double F(double x) => Missing(x);")]
    [InlineData("loop", "[Differentiable(Order = 2)] public static double F(double x) { var y = x; for (var i = 0; i < 3; i++) { y = y * x; } return y; }")]
    [InlineData("parameter named gradOutput", "[Differentiable(Order = 2)] public static double F(double gradOutput) => gradOutput * gradOutput;")]
    [InlineData("order 3", "[Differentiable(Order = 3)] public static double F(double x) => x * x * x;")]
    public void BrokenOrUnsupportedInputAtOrderTwoIsSkippedSilently(string what, string member)
    {
        var testCase = new GeneratorCase(what, "    " + member, "F", []);
        var (output, result) = GeneratorHarness.Run(GeneratorHarness.Compilation(testCase.Source));

        Assert.Null(result.Exception);
        Assert.Empty(result.Diagnostics);

        // The fused elementwise file is first-order output; only the derivative files matter here.
        var files = result.GeneratedSources.Select(s => s.HintName).Where(n => !n.EndsWith(".Elementwise.g.cs", StringComparison.Ordinal)).Order();
        if (what is "parameter named gradOutput" or "loop")
        {
            // The first order is fine. The renamed pullback would declare gradOutput twice; the loop's pullback keeps
            // per-iteration checkpoints in pooled arrays, which the second-order pass does not differentiate.
            Assert.Equal(["Functions.F.g.cs"], files);
            Assert.Empty(GeneratorHarness.Problems(output));
        }
        else if (what == "order 3")
        {
            // Orders above 2 are not generated; 2 is, and the method gets it.
            Assert.Equal(["Functions.F.g.cs", "Functions.F.SecondOrder.g.cs"], files);
            Assert.Empty(GeneratorHarness.Problems(output));
        }
        else
        {
            Assert.Empty(result.GeneratedSources);
        }
    }

    [Fact]
    public void APullbackWithoutRulesOfItsOwnKeepsItsFirstOrderFile()
    {
        // UserRule's pullback calls the user's SoftplusBackward, which has no rule: skipped, not reported, nothing thrown.
        var source = Cases.UserRule.Source.Replace("[Differentiable]", "[Differentiable(Order = 2)]");
        var (output, result) = GeneratorHarness.Run(GeneratorHarness.Compilation(source));

        Assert.Null(result.Exception);
        Assert.Empty(result.Diagnostics);
        Assert.Equal([Cases.UserRule.HintName], result.GeneratedSources.Select(s => s.HintName));
        Assert.Empty(GeneratorHarness.Problems(output));
    }

    [Fact]
    public void EditingAnUnrelatedFileLeavesTheSecondOrderStepsCached()
    {
        const string Unrelated = "namespace Other; public static class Unrelated { public static int Answer => 41; }";
        var compilation = GeneratorHarness.Compilation(Rosenbrock.Source, Unrelated);
        var driver = GeneratorHarness.Driver(trackSteps: true).RunGenerators(compilation);

        var old = compilation.SyntaxTrees.ElementAt(1);
        var edited = compilation.ReplaceSyntaxTree(old, Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(Unrelated.Replace("41", "42"), GeneratorHarness.ParseOptions, old.FilePath));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        // The second-order parse reruns with the compilation but yields an equal model; what follows is cached.
        var parsed = result.TrackedSteps[DifferentiableGenerator.Steps.SecondOrderParse].SelectMany(s => s.Outputs).ToList();
        Assert.Single(parsed);
        Assert.Contains(parsed[0].Reason, new[] { Microsoft.CodeAnalysis.IncrementalStepRunReason.Cached, Microsoft.CodeAnalysis.IncrementalStepRunReason.Unchanged });
        foreach (var step in new[] { DifferentiableGenerator.Steps.SecondOrderDifferentiate, DifferentiableGenerator.Steps.SecondOrderEmit })
        {
            var outputs = result.TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
            Assert.Single(outputs);
            Assert.Equal(Microsoft.CodeAnalysis.IncrementalStepRunReason.Cached, outputs[0].Reason);
        }
    }

    [Fact]
    public void FirstOrderMethodsGetNoSecondOrderFile()
    {
        var (_, result) = GeneratorHarness.Run(GeneratorHarness.Compilation(Cases.Rosenbrock.Source));
        Assert.DoesNotContain(result.GeneratedSources, s => s.HintName.Contains("SecondOrder", StringComparison.Ordinal));
    }

    [Fact]
    public void SecondOrderFileOfRosenbrock() => Verify(Rosenbrock);

    [Fact]
    public void SecondOrderFileOfCubeSine() => Verify(CubeSine);

    private static void Verify(GeneratorCase testCase, [System.Runtime.CompilerServices.CallerMemberName] string testMethod = "")
    {
        var (output, result) = GeneratorHarness.Run(GeneratorHarness.Compilation(testCase.Source));
        Assert.Empty(GeneratorHarness.Problems(output));
        var files = GeneratorHarness.Files(result);
        var hintName = testCase.HintName.Replace(".g.cs", ".SecondOrder.g.cs");
        Assert.True(files.ContainsKey(hintName), $"{hintName} not generated; got: {string.Join(", ", files.Keys)}");
        Snapshot.Verify(files[hintName], testMethod);
    }

    private static CompiledCase Compile(GeneratorCase testCase)
    {
        var (output, _) = GeneratorHarness.Run(GeneratorHarness.Compilation(testCase.Source));
        return CompiledCase.Load(output);
    }
}
