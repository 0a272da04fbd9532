using System.Runtime.CompilerServices;
using AutoDiffGen.Generators.Tests.Infrastructure;

namespace AutoDiffGen.Generators.Tests;

/// <summary>Snapshot tests: the generated file of each case, compared with Snapshots/EmitterTests.{Case}.verified.cs.</summary>
public class EmitterTests
{
    [Fact] public void Rosenbrock() => Verify(Cases.Rosenbrock);
    [Fact] public void Square() => Verify(Cases.Square);
    [Fact] public void Polynomial() => Verify(Cases.Polynomial);
    [Fact] public void Quotient() => Verify(Cases.Quotient);
    [Fact] public void Locals() => Verify(Cases.Locals);
    [Fact] public void Reassignment() => Verify(Cases.Reassignment);
    [Fact] public void CompoundAssignment() => Verify(Cases.CompoundAssignment);
    [Fact] public void Relu() => Verify(Cases.Relu);
    [Fact] public void LeakyRelu() => Verify(Cases.LeakyRelu);
    [Fact] public void IfElse() => Verify(Cases.IfElse);
    [Fact] public void EarlyReturn() => Verify(Cases.EarlyReturn);
    [Fact] public void NestedIf() => Verify(Cases.NestedIf);
    [Fact] public void MathChain() => Verify(Cases.MathChain);
    [Fact] public void TanhReuse() => Verify(Cases.TanhReuse);
    [Fact] public void SqrtPow() => Verify(Cases.SqrtPow);
    [Fact] public void AbsMaxMin() => Verify(Cases.AbsMaxMin);
    [Fact] public void Trigonometry() => Verify(Cases.Trigonometry);
    [Fact] public void SingleSoftplus() => Verify(Cases.SingleSoftplus);
    [Fact] public void MixedPrecision() => Verify(Cases.MixedPrecision);
    [Fact] public void NoDerivative() => Verify(Cases.NoDerivative);
    [Fact] public void IntegerParameter() => Verify(Cases.IntegerParameter);
    [Fact] public void WithoutDerivative() => Verify(Cases.WithoutDerivative);
    [Fact] public void Composition() => Verify(Cases.Composition);
    [Fact] public void UserRule() => Verify(Cases.UserRule);
    [Fact] public void UserRuleWins() => Verify(Cases.UserRuleWins);
    [Fact] public void WrtRules() => Verify(Cases.WrtRules);
    [Fact] public void Constants() => Verify(Cases.Constants);
    [Fact] public void Gelu() => Verify(Cases.Gelu);
    [Fact] public void Broadcasting() => Verify(Cases.Broadcasting);
    [Fact] public void Layer() => Verify(Cases.Layer);
    [Fact] public void SumOfSquares() => Verify(Cases.SumOfSquares);
    [Fact] public void MseLoss() => Verify(Cases.MseLoss);
    [Fact] public void TensorSoftplus() => Verify(Cases.TensorSoftplus);
    [Fact] public void TensorComposition() => Verify(Cases.TensorComposition);
    [Fact] public void TensorRatio() => Verify(Cases.TensorRatio);
    [Fact] public void Gram() => Verify(Cases.Gram);
    [Fact] public void TensorAxis() => Verify(Cases.TensorAxis);
    [Fact] public void LayerNorm() => Verify(Cases.LayerNorm);
    [Fact] public void LogSoftmax() => Verify(Cases.LogSoftmax);
    [Fact] public void NodeState() => Verify(Cases.NodeState);

    // Loops (issue #4): one snapshot per loop case.
    [Fact] public void LoopPowerSeries() => Verify(LoopCases.PowerSeries);
    [Fact] public void LoopRnn() => Verify(LoopCases.Rnn);
    [Fact] public void LoopNested() => Verify(LoopCases.Nested);
    [Fact] public void LoopNestedPower() => Verify(LoopCases.NestedPower);
    [Fact] public void LoopForEachTensor() => Verify(LoopCases.ForEachTensor);
    [Fact] public void LoopForEachDouble() => Verify(LoopCases.ForEachDouble);
    [Fact] public void LoopWithIf() => Verify(LoopCases.WithIf);
    [Fact] public void LoopStepped() => Verify(LoopCases.Stepped);
    [Fact] public void LoopSwap() => Verify(LoopCases.Swap);
    [Fact] public void LoopInsideIf() => Verify(LoopCases.InsideIf);
    [Fact] public void LoopSingle() => Verify(LoopCases.Single);

    [Fact]
    public void EveryCaseHasASnapshotTest()
    {
        var tests = typeof(EmitterTests).GetMethods().Select(m => m.Name).ToHashSet();
        Assert.All(Cases.All.Concat(LoopCases.All), c => Assert.Contains(c.Name, tests));
    }

    private static void Verify(GeneratorCase testCase, [CallerMemberName] string testMethod = "")
    {
        var (_, result) = GeneratorHarness.Run(GeneratorHarness.Compilation(testCase.Source));
        var files = GeneratorHarness.Files(result);
        Assert.True(files.ContainsKey(testCase.HintName), $"{testCase.HintName} not generated; got: {string.Join(", ", files.Keys)}");
        Snapshot.Verify(files[testCase.HintName], testMethod);
    }
}
