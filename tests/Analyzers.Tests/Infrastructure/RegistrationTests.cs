namespace AutoDiffGen.Analyzers.Tests.Infrastructure;

/// <summary>Every descriptor is reported by exactly one analyzer, and every fixer fixes a known ID.</summary>
public class RegistrationTests
{
    [Fact]
    public void EveryDescriptorHasExactlyOneAnalyzer()
    {
        var ids = typeof(DiagnosticDescriptors).GetFields()
            .Where(f => f.FieldType == typeof(Microsoft.CodeAnalysis.DiagnosticDescriptor))
            .Select(f => ((Microsoft.CodeAnalysis.DiagnosticDescriptor)f.GetValue(null)!).Id)
            .OrderBy(id => id)
            .ToList();
        var supported = AnalyzerHarness.Analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).OrderBy(id => id).ToList();
        Assert.Equal(ids, supported);
    }

    [Fact]
    public void EveryFixerFixesAKnownId()
    {
        var supported = AnalyzerHarness.Analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToHashSet();
        Assert.Equal(4, CodeFixHarness.Fixers.Length);
        Assert.All(CodeFixHarness.Fixers.SelectMany(f => f.FixableDiagnosticIds), id => Assert.Contains(id, supported));
    }
}
