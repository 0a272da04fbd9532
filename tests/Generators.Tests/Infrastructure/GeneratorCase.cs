namespace AutoDiffGen.Generators.Tests.Infrastructure;

/// <summary>
/// One method given to the generator: the members of <c>Samples.Functions</c> (a partial class), the method whose
/// generated file is checked, and the shapes of its tensor inputs (empty for scalar methods).
/// </summary>
/// <param name="Name">The snapshot and test name.</param>
/// <param name="Members">C# members placed inside <c>public static partial class Functions</c>.</param>
/// <param name="Method">The <c>[Differentiable]</c> method under test.</param>
/// <param name="TensorShapes">One shape per tensor parameter, in order; empty for scalar methods.</param>
/// <param name="Positive">True when inputs must be positive (logs, square roots).</param>
/// <param name="Integer">The value passed to every <c>int</c> parameter (modes, axes, sizes).</param>
public sealed record GeneratorCase(string Name, string Members, string Method, int[][] TensorShapes, bool Positive = false, int Integer = 2)
{
    public const string TypeName = "Samples.Functions";

    public string Source => $$"""
        using System;
        using AutoDiffGen;

        namespace Samples;

        public static partial class Functions
        {
        {{Members}}
        }
        """;

    public string HintName => "Functions." + Method + ".g.cs";

    public override string ToString() => Name;
}
