using AutoDiffGen.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generators.Tests;

/// <summary>
/// Rules and generated backwards compose across assemblies, read from metadata; and calls whose rules are not
/// visible (internal to the runtime) fall back to replaying the call on the tape.
/// </summary>
public class CrossAssemblyTests
{
    private const string Library = """
        using AutoDiffGen;

        namespace UserOps;

        public static partial class Ops
        {
            public static Tensor Square(Tensor x) => x * x;

            [DerivativeOf(nameof(Square))]
            public static Tensor SquareBackward(Tensor grad, Tensor x) => grad * x * 2.0;

            [Differentiable]
            public static Tensor Cube(Tensor x) => x * x * x;

            [Differentiable]
            public static double Smooth(double x) => System.Math.Sqrt(x * x + 1);
        }
        """;

    [Fact]
    public void PublicRulesAndGeneratedBackwardsComposeFromMetadata()
    {
        var (libraryOutput, _) = GeneratorHarness.Run(GeneratorHarness.Library("UserOps", [Library]));
        var image = Emit(libraryOutput);
        var testCase = new GeneratorCase("FromMetadata", """
                [Differentiable]
                public static Tensor FromMetadata(Tensor x) => UserOps.Ops.Square(x) + UserOps.Ops.Cube(x) * 0.5;
            """, "FromMetadata", [[2, 3]]);
        var consumer = GeneratorHarness.Library("Consumer", [testCase.Source], MetadataReference.CreateFromImage(image));
        var (output, result) = GeneratorHarness.Run(consumer);

        var text = result.GeneratedSources.Single().SourceText.ToString();
        Assert.Contains("global::UserOps.Ops.SquareBackward(", text);
        Assert.Contains("global::UserOps.Ops.CubeBackward(", text);
        Assert.DoesNotContain("Autograd.Grad(", text);
        GeneratedCodeTests.CheckTensor(CompiledCase.Load(output, ("UserOps", image)), testCase);
    }

    [Fact]
    public void ScalarBackwardsComposeFromMetadata()
    {
        var (libraryOutput, _) = GeneratorHarness.Run(GeneratorHarness.Library("UserOps", [Library]));
        var image = Emit(libraryOutput);
        var testCase = new GeneratorCase("ScalarFromMetadata", """
                [Differentiable]
                public static double ScalarFromMetadata(double x, double y) => UserOps.Ops.Smooth(x * y) * y;
            """, "ScalarFromMetadata", []);
        var (output, result) = GeneratorHarness.Run(GeneratorHarness.Library("Consumer", [testCase.Source], MetadataReference.CreateFromImage(image)));

        Assert.Contains("global::UserOps.Ops.SmoothBackward(", result.GeneratedSources.Single().SourceText.ToString());
        GeneratedCodeTests.CheckScalar(CompiledCase.Load(output, ("UserOps", image)), testCase);
    }

    [Fact]
    public void CallsWhoseRulesAreNotVisibleAreReplayedOnTheTape()
    {
        // Not the runtime's friend: LeakyRelu's rule is internal to the runtime, so the generated backward replays LeakyRelu.
        var testCase = new GeneratorCase("StrangerLeakyRelu", """
                [Differentiable]
                public static Tensor StrangerLeakyRelu(Tensor x) => Tensor.LeakyRelu(x, 0.2) * x;
            """, "StrangerLeakyRelu", [[2, 3]]);
        var (output, result) = GeneratorHarness.Run(GeneratorHarness.Library("Stranger", [testCase.Source]));

        var text = result.GeneratedSources.Single(s => s.HintName == testCase.HintName).SourceText.ToString();
        Assert.DoesNotContain("Tensor.LeakyReluBackward", text);
        Assert.Contains("global::AutoDiffGen.Autograd.Grad(", text);
        GeneratedCodeTests.CheckTensor(CompiledCase.Load(output), testCase);
    }

    [Fact]
    public void PublicRuntimeRulesAreComposedByAnyAssemblyAtEveryOrder()
    {
        // Not the runtime's friend: Tanh's and MatMul's rules, and their own rules, are public, so a user's layer is
        // differentiated at compile time twice over, with nothing replayed on the tape.
        var (output, result) = GeneratorHarness.Run(GeneratorHarness.Library(
            "Stranger", [Cases.Gelu.Source, SecondOrderTests.Layer.Source.Replace("Functions", "Layers"), SecondOrderTests.Waves.Source.Replace("Functions", "WaveFunctions")]));

        var files = GeneratorHarness.Files(result);
        Assert.Contains("global::AutoDiffGen.Tensor.TanhBackward(", files[Cases.Gelu.HintName]);
        var secondOrder = files["Layers.Layer.SecondOrder.g.cs"];
        Assert.Contains("global::AutoDiffGen.Tensor.TanhBackwardBackward(", secondOrder);
        foreach (var rule in new[] { "SigmoidBackwardBackward(", "SinBackwardBackward(", "CosBackwardBackward(" })
        {
            Assert.Contains("global::AutoDiffGen.Tensor." + rule, files["WaveFunctions.Waves.SecondOrder.g.cs"]);
        }

        Assert.DoesNotContain("Autograd.Grad(", string.Concat(files.Values));
        Assert.Empty(GeneratorHarness.Problems(output));
        GeneratedCodeTests.CheckTensor(CompiledCase.Load(output), Cases.Gelu);
    }

    private static byte[] Emit(Compilation compilation)
    {
        Assert.Empty(GeneratorHarness.Problems(compilation));
        using var image = new MemoryStream();
        Assert.True(compilation.Emit(image).Success);
        return image.ToArray();
    }
}
