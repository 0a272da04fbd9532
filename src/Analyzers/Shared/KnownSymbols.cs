using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Analyzers.Shared;

/// <summary>The AutoDiffGen and BCL types the rules look for, resolved once per compilation.</summary>
internal sealed class KnownSymbols
{
    private KnownSymbols(Compilation compilation, INamedTypeSymbol differentiable)
    {
        Differentiable = differentiable;
        NoDerivative = compilation.GetTypeByMetadataName("AutoDiffGen.NoDerivativeAttribute");
        DerivativeOf = compilation.GetTypeByMetadataName("AutoDiffGen.DerivativeOfAttribute");
        Tensor = compilation.GetTypeByMetadataName("AutoDiffGen.Tensor");
        Shape = compilation.GetTypeByMetadataName("AutoDiffGen.Shape");
        Differentiation = compilation.GetTypeByMetadataName("AutoDiffGen.Differentiation");
        Math = compilation.GetTypeByMetadataName("System.Math");
        MathF = compilation.GetTypeByMetadataName("System.MathF");
    }

    public INamedTypeSymbol Differentiable { get; }

    public INamedTypeSymbol? NoDerivative { get; }

    public INamedTypeSymbol? DerivativeOf { get; }

    public INamedTypeSymbol? Tensor { get; }

    public INamedTypeSymbol? Shape { get; }

    public INamedTypeSymbol? Differentiation { get; }

    public INamedTypeSymbol? Math { get; }

    public INamedTypeSymbol? MathF { get; }

    /// <summary>Null when the compilation does not reference AutoDiffGen, so the rules have nothing to do.</summary>
    public static KnownSymbols? Create(Compilation compilation) =>
        compilation.GetTypeByMetadataName("AutoDiffGen.DifferentiableAttribute") is { } differentiable
            ? new KnownSymbols(compilation, differentiable)
            : null;

    public bool IsDifferentiable(ISymbol symbol) => HasAttribute(symbol, Differentiable);

    public bool IsNoDerivative(ISymbol symbol) => HasAttribute(symbol, NoDerivative);

    public bool IsTensor(ITypeSymbol? type) => type is not null && SymbolEqualityComparer.Default.Equals(type, Tensor);

    /// <summary>The argument of <c>[DerivativeOf(name)]</c> on <paramref name="method"/>, with its <c>Wrt</c>; null when absent.</summary>
    public (string FunctionName, string? Wrt, AttributeData Attribute)? DerivativeOfTarget(IMethodSymbol method)
    {
        foreach (var attribute in method.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, DerivativeOf)
                && attribute.ConstructorArguments.Length == 1
                && attribute.ConstructorArguments[0].Value is string name)
            {
                string? wrt = null;
                foreach (var named in attribute.NamedArguments)
                {
                    if (named.Key == "Wrt")
                    {
                        wrt = named.Value.Value as string;
                    }
                }

                return (name, wrt, attribute);
            }
        }

        return null;
    }

    private static bool HasAttribute(ISymbol symbol, INamedTypeSymbol? attributeType)
    {
        if (attributeType is null)
        {
            return false;
        }

        foreach (var attribute in symbol.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, attributeType))
            {
                return true;
            }
        }

        return false;
    }
}
