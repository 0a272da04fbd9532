using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Text;
using AutoDiffGen.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Text;

namespace AutoDiffGen.Generators.Tests;

/// <summary>
/// The generated backward carries <c>#line</c> directives: each of its statements maps to the forward statement its
/// adjoint came from (so a debugger stepping through the backward walks the forward source); generated-only lines are hidden.
/// </summary>
public class LineMappingTests
{
    private const string Members = """
            [Differentiable]
            public static double Mapped(double x, double y)
            {
                var u = x * y;
                double v;
                if (u > 0.5)
                {
                    v = Math.Exp(u)
                        * Math.Sin(x);
                }
                else
                {
                    v = u * u;
                }

                return v * x
                    + y;
            }
        """;

    private static readonly GeneratorCase Case = new("Mapped", Members, "Mapped", []);

    [Fact]
    public void EveryBackwardStatementMapsToTheForwardStatementItCameFrom()
    {
        var source = Case.Source;
        var (tree, method) = Generated(GeneratorHarness.Compilation(source), "MappedBackward");
        var declaration = Start(source, "var u = x * y;");
        var condition = Start(source, "if (u > 0.5)");
        var thenBranch = Start(source, "v = Math.Exp(u)");
        var elseBranch = Start(source, "v = u * u;");
        var result = Start(source, "return v * x"); // the whole statement, two lines

        var body = method.Body!.Statements;
        var ifs = body.OfType<IfStatementSyntax>().ToList();
        Assert.Equal(2, ifs.Count); // the forward recomputed, then the reverse sweep

        foreach (var region in ifs)
        {
            Assert.Equal(condition, Mapped(tree, region));
            AssertAll(tree, Branch(region.Statement), thenBranch);
            AssertAll(tree, Branch(region.Else!.Statement), elseBranch);
        }

        // Before the forward if: u (and the condition); between the two ifs: the gradient of the multi-line return.
        var before = body.TakeWhile(s => s != ifs[0]).Where(HasCode).ToList();
        Assert.Contains(before, s => Mapped(tree, s) == declaration && s.ToString().StartsWith("var u", StringComparison.Ordinal));
        Assert.All(before.Where(s => s.ToString().Contains("0.5")), s => Assert.Equal(condition, Mapped(tree, s)));
        var between = Between(body, ifs[0], ifs[1]);
        Assert.NotEmpty(between);
        AssertAll(tree, between, result);

        // Generated-only code (the tuple returned, braces) is hidden from the debugger.
        var @return = body.OfType<ReturnStatementSyntax>().Single();
        Assert.Equal(LineVisibility.Hidden, tree.GetLineVisibility(@return.SpanStart));
        Assert.Equal(LineVisibility.Hidden, tree.GetLineVisibility(((BlockSyntax)ifs[1].Statement).OpenBraceToken.SpanStart));
        Assert.Equal(LineVisibility.Hidden, tree.GetLineVisibility(method.Body.OpenBraceToken.SpanStart));
    }

    [Fact]
    public void TheDebuggerSequencePointsLandOnTheForwardStatements()
    {
        var source = Case.Source;
        var tree = CSharpSyntaxTree.ParseText(SourceText.From(source, Encoding.UTF8), GeneratorHarness.ParseOptions, "Source0.cs");
        var (output, _) = GeneratorHarness.Run(GeneratorHarness.Compilation().AddSyntaxTrees(tree));
        using var image = new MemoryStream();
        using var pdb = new MemoryStream();
        var emit = output.Emit(image, pdb, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb));
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));

        pdb.Position = 0;
        using var provider = MetadataReaderProvider.FromPortablePdbStream(pdb);
        var symbols = provider.GetMetadataReader();
        image.Position = 0;
        using var peReader = new PEReader(image);
        var metadata = peReader.GetMetadataReader();
        var backward = metadata.MethodDefinitions.Single(m => metadata.GetString(metadata.GetMethodDefinition(m).Name) == "MappedBackward");
        var points = symbols.GetMethodDebugInformation(backward.ToDebugInformationHandle()).GetSequencePoints().ToList();

        // Every visible step is on Source0.cs, at the start of a forward statement; the reverse sweep visits each of them.
        var forward = new[] { "var u = x * y;", "if (u > 0.5)", "v = Math.Exp(u)", "v = u * u;", "return v * x" }.Select(t => Start(source, t)).ToList();
        var visible = points.Where(p => !p.IsHidden).ToList();
        Assert.NotEmpty(visible);
        Assert.All(visible, p =>
        {
            Assert.Equal("Source0.cs", symbols.GetString(symbols.GetDocument(p.Document).Name));
            Assert.Contains((p.StartLine, p.StartColumn), forward);
        });
        Assert.Equal(forward.Skip(1).ToHashSet(), visible.Select(p => (p.StartLine, p.StartColumn)).Where(p => p != forward[0]).ToHashSet());
        Assert.Contains(points, p => p.IsHidden);
    }

    [Fact]
    public void TheScalarGradientAndTheTensorNodeAreMappedToo()
    {
        var gradientSource = Case.Source;
        var (gradientTree, gradient) = Generated(GeneratorHarness.Compilation(gradientSource), "MappedGradient");
        var gradientIfs = gradient.Body!.Statements.OfType<IfStatementSyntax>().ToList();
        AssertAll(gradientTree, Between(gradient.Body.Statements, gradientIfs[0], gradientIfs[1]), Start(gradientSource, "return v * x"));
        AssertAll(gradientTree, Branch(gradientIfs[1].Statement), Start(gradientSource, "v = Math.Exp(u)"));

        var layerSource = Cases.Layer.Source;
        var (layerTree, layer) = Generated(GeneratorHarness.Compilation(layerSource), "LayerBackward");
        var forward = Start(layerSource, "Tensor.Tanh(Tensor.MatMul(x, w))");
        AssertAll(layerTree, layer.Body!.Statements.Where(s => s is not ReturnStatementSyntax).ToList(), forward);
        var node = layerTree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.Text == "LayerNode");
        Assert.All(node.Body!.Statements, s => Assert.Equal(LineVisibility.Hidden, layerTree.GetLineVisibility(s.SpanStart)));
    }

    [Fact]
    public void WindowsPathsAreWrittenVerbatimAndTreesWithoutAPathGetNoDirectives()
    {
        var path = @"C:\src\My Project\Functions.cs";
        var tree = CSharpSyntaxTree.ParseText(Case.Source, GeneratorHarness.ParseOptions, path);
        var (generated, method) = Generated(GeneratorHarness.Compilation().AddSyntaxTrees(tree), "MappedBackward");
        Assert.Contains($"\"{path}\"", generated.ToString());
        Assert.Equal(path, generated.GetMappedLineSpan(method.Body!.Statements[0].Span).Path);
        Assert.Equal(Start(Case.Source, "var u = x * y;"), Mapped(generated, method.Body.Statements[0], path));

        var unnamed = CSharpSyntaxTree.ParseText(Case.Source, GeneratorHarness.ParseOptions, path: string.Empty);
        var (plain, _) = Generated(GeneratorHarness.Compilation().AddSyntaxTrees(unnamed), "MappedBackward");
        Assert.DoesNotContain("#line", plain.ToString());
    }

    private static (SyntaxTree Tree, MethodDeclarationSyntax Method) Generated(Compilation compilation, string name)
    {
        var (output, _) = GeneratorHarness.Run(compilation);
        Assert.Empty(GeneratorHarness.Problems(output));
        var tree = output.SyntaxTrees.Single(t => t.FilePath.EndsWith(".g.cs", StringComparison.Ordinal)
            && t.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Any(m => m.Identifier.Text == name));
        return (tree, tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.Text == name));
    }

    /// <summary>The 1-based (line, character) where <paramref name="text"/> starts in <paramref name="source"/>.</summary>
    private static (int Line, int Character) Start(string source, string text)
    {
        var offset = source.IndexOf(text, StringComparison.Ordinal);
        Assert.True(offset >= 0 && source.IndexOf(text, offset + 1, StringComparison.Ordinal) < 0, $"'{text}' must occur once");
        var line = source.Take(offset).Count(c => c == '\n');
        var character = offset - (source.LastIndexOf('\n', offset - 1) + 1);
        return (line + 1, character + 1);
    }

    /// <summary>Where a debugger shows <paramref name="statement"/>: in the forward's file, a 1-based line and character.</summary>
    private static (int Line, int Character) Mapped(SyntaxTree tree, SyntaxNode statement, string path = "Source0.cs")
    {
        Assert.True(tree.GetLineVisibility(statement.SpanStart) == LineVisibility.Visible, $"'{statement}' is hidden");
        var span = tree.GetMappedLineSpan(statement.Span);
        Assert.True(span.HasMappedPath, $"'{statement}' is not mapped");
        Assert.Equal(path, span.Path);
        return (span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1);
    }

    /// <summary>The statements with code strictly between two statements of a body.</summary>
    private static List<StatementSyntax> Between(SyntaxList<StatementSyntax> body, StatementSyntax first, StatementSyntax last) =>
        body.SkipWhile(s => s != first).Skip(1).TakeWhile(s => s != last).Where(HasCode).ToList();

    private static void AssertAll(SyntaxTree tree, IEnumerable<StatementSyntax> statements, (int Line, int Character) expected) =>
        Assert.All(statements.Where(HasCode), s => Assert.True(expected == Mapped(tree, s), $"'{s}' maps to {Mapped(tree, s)}, expected {expected}"));

    private static IReadOnlyList<StatementSyntax> Branch(StatementSyntax branch) =>
        branch is BlockSyntax block ? block.Statements : [branch];

    /// <summary>A statement the debugger stops at (a declaration without a value has no code).</summary>
    private static bool HasCode(StatementSyntax statement) =>
        statement is not LocalDeclarationStatementSyntax { Declaration.Variables: var variables } || variables.Any(v => v.Initializer is not null);
}
