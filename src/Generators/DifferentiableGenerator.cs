using System.Linq;
using AutoDiffGen.Generators.Differentiate;
using AutoDiffGen.Generators.Emit;
using AutoDiffGen.Generators.Fuse;
using AutoDiffGen.Generators.Lower;
using AutoDiffGen.Generators.Parse;
using AutoDiffGen.Generators.SecondOrder;
using AutoDiffGen.Generators.Simplify;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiffGen.Generators;

/// <summary>
/// Writes the backward pass of every <c>[Differentiable]</c> method at compile time. This file is only the
/// pipeline; each stage lives in its own folder and returns null (skip) instead of throwing.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class DifferentiableGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline steps, for incremental-caching tests.</summary>
    public static class Steps
    {
        /// <summary>Syntax and semantic model to an equatable <c>MethodSpec</c>.</summary>
        public const string Parse = nameof(Parse);

        /// <summary>Statements to SSA IR.</summary>
        public const string Lower = nameof(Lower);

        /// <summary>Reverse sweep with the rule table.</summary>
        public const string Differentiate = nameof(Differentiate);

        /// <summary>Folding, common subexpressions, dead code.</summary>
        public const string Simplify = nameof(Simplify);

        /// <summary>IR to C# text.</summary>
        public const string Emit = nameof(Emit);

        /// <summary>Order 2: the generated pullback, emitted and parsed again as a forward method.</summary>
        public const string SecondOrderParse = nameof(SecondOrderParse);

        /// <summary>Order 2: the pullback's own reverse sweep, simplified.</summary>
        public const string SecondOrderDifferentiate = nameof(SecondOrderDifferentiate);

        /// <summary>Order 2: IR to C# text, <c>{Type}.{Method}.SecondOrder.g.cs</c>.</summary>
        public const string SecondOrderEmit = nameof(SecondOrderEmit);

        /// <summary>Elementwise fusion: model plus overload-clash check, then the fused kernels' file.</summary>
        public const string Fuse = nameof(Fuse);

        /// <summary><c>[Elementwise(typeof(Op))]</c> partial primitives: operator and rule, then the body with the tape glue.</summary>
        public const string Primitive = nameof(Primitive);
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // Parse: only methods carrying [Differentiable]; symbols are resolved to text here and go no further.
        var specs = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                Parser.DifferentiableAttributeName,
                static (node, _) => node is MethodDeclarationSyntax,
                static (ctx, ct) => Parser.Parse(ctx, ct))
            .WithTrackingName(Steps.Parse)
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!);

        // Lower: locals, compound assignments, ?: and if/else to SSA with structured regions.
        var lowered = specs
            .Select(static (spec, _) => Lowering.Lower(spec))
            .WithTrackingName(Steps.Lower)
            .Where(static method => method is not null)
            .Select(static (method, _) => method!);

        // Differentiate: activity analysis, then the reverse sweep (pullback, and gradient for scalar methods).
        var differentiated = lowered
            .Select(static (method, _) => Differentiator.Differentiate(method))
            .WithTrackingName(Steps.Differentiate)
            .Where(static method => method is not null)
            .Select(static (method, _) => method!);

        // Simplify: constant folding, common subexpressions, dead code.
        var simplified = differentiated
            .Select(static (method, _) => Simplifier.Simplify(method))
            .WithTrackingName(Steps.Simplify);

        // Emit: one readable file per method.
        var files = simplified
            .Select(static (method, _) => Emitter.Emit(method))
            .WithTrackingName(Steps.Emit);

        // Order 2 (opt-in): the generator runs on its own output. The pullback is emitted and parsed again as a
        // forward method, differentiated and simplified, and written to a file of its own.
        var secondOrderFiles = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                Parser.DifferentiableAttributeName,
                static (node, _) => node is MethodDeclarationSyntax,
                static (ctx, ct) => SecondOrderParser.Parse(ctx, ct))
            .WithTrackingName(Steps.SecondOrderParse)
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => SecondOrderDifferentiator.Differentiate(spec!))
            .WithTrackingName(Steps.SecondOrderDifferentiate)
            .Where(static method => method is not null)
            .Select(static (method, _) => SecondOrderEmitter.Emit(method!))
            .WithTrackingName(Steps.SecondOrderEmit);

        // Fuse: purely elementwise methods also get {Type}.{Method}.Elementwise.g.cs (one SIMD pass forward and backward).
        var fused = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                Parser.DifferentiableAttributeName,
                static (node, _) => node is MethodDeclarationSyntax,
                static (ctx, ct) => FusionParser.Parse(ctx, ct))
            .Where(static input => input is not null)
            .Select(static (input, _) => ElementwiseEmitter.Emit(input!))
            .WithTrackingName(Steps.Fuse);

        // Primitives: an [Elementwise(typeof(Op))] partial method without a body gets one, recording the op and its rule.
        var primitives = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                Parser.ElementwiseAttributeName,
                static (node, _) => node is MethodDeclarationSyntax { Body: null, ExpressionBody: null },
                static (ctx, ct) => Parser.ParsePrimitive(ctx, ct))
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => Primitives.PrimitiveEmitter.Emit(spec!))
            .WithTrackingName(Steps.Primitive);

        // Output: overloads and same-named types in other namespaces would share a file name; number the later ones.
        context.RegisterSourceOutput(files.Collect().Combine(secondOrderFiles.Collect()).Combine(fused.Collect()).Combine(primitives.Collect()), static (output, parts) =>
        {
            var all = parts.Left.Left.Left.AddRange(parts.Left.Left.Right).AddRange(parts.Left.Right).AddRange(parts.Right);
            foreach (var group in all.Where(static f => f is not null).GroupBy(static f => f!.HintName))
            {
                var index = 1;
                foreach (var file in group.OrderBy(static f => f!.Identity, System.StringComparer.Ordinal))
                {
                    var hintName = index == 1 ? file!.HintName : file!.HintName.Replace(".g.cs", "." + index + ".g.cs");
                    output.AddSource(hintName, file.Text);
                    index++;
                }
            }
        });
    }
}
