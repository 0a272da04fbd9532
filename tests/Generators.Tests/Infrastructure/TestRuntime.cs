using System.Reflection;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoDiffGen.Generators.Tests.Infrastructure;

/// <summary>
/// The AutoDiffGen runtime that generated code is compiled against: the real runtime assembly once it defines
/// <c>AutoDiffGen.Tensor</c>, otherwise a small in-memory stand-in of the same contract (Stub/RuntimeStub.txt).
/// </summary>
internal static class TestRuntime
{
    private static readonly Lazy<(MetadataReference Reference, byte[]? StubImage)> Runtime = new(Load);

    public static MetadataReference Reference => Runtime.Value.Reference;

    /// <summary>The stand-in's image when the stand-in is in use; loaded beside each compiled test assembly.</summary>
    public static byte[]? StubImage => Runtime.Value.StubImage;

    public static bool IsStub => StubImage is not null;

    public static IEnumerable<MetadataReference> References => Net100.References.All.Concat(new[] { Reference });

    private static (MetadataReference, byte[]?) Load()
    {
        var real = Assembly.Load(new AssemblyName("AutoDiffGen"));
        if (real.GetType("AutoDiffGen.Tensor") is not null)
        {
            return (MetadataReference.CreateFromFile(real.Location), null);
        }

        using var stream = typeof(TestRuntime).Assembly.GetManifestResourceStream("RuntimeStub.cs")
            ?? throw new InvalidOperationException("RuntimeStub.cs resource missing");
        using var reader = new StreamReader(stream);
        var compilation = CSharpCompilation.Create(
            "AutoDiffGen",
            new[] { CSharpSyntaxTree.ParseText(reader.ReadToEnd(), new CSharpParseOptions(LanguageVersion.Latest)) },
            Net100.References.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var emit = compilation.Emit(image);
        if (!emit.Success)
        {
            throw new InvalidOperationException("Runtime stub does not compile:\n" + string.Join("\n", emit.Diagnostics));
        }

        var bytes = image.ToArray();
        return (MetadataReference.CreateFromImage(bytes), bytes);
    }
}
