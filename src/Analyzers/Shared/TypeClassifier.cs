using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Analyzers.Shared;

/// <summary>Sorts types into differentiable families, discrete values (which need no <c>[NoDerivative]</c>) and the rest.</summary>
internal static class TypeClassifier
{
    /// <summary>Scalar for float/double, Tensor for <c>AutoDiffGen.Tensor</c>, otherwise None.</summary>
    public static ValueFamily Family(ITypeSymbol? type, KnownSymbols known) => type switch
    {
        null => ValueFamily.None,
        { SpecialType: SpecialType.System_Double or SpecialType.System_Single } => ValueFamily.Scalar,
        _ when known.IsTensor(type) => ValueFamily.Tensor,
        _ => ValueFamily.None,
    };

    /// <summary>
    /// Values with no notion of a gradient at all (counts, axes, flags, shapes, names): a parameter of such a type is
    /// plainly a constant, so it needs no <c>[NoDerivative]</c>.
    /// </summary>
    public static bool IsDiscrete(ITypeSymbol type)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean:
            case SpecialType.System_Char:
            case SpecialType.System_String:
            case SpecialType.System_SByte:
            case SpecialType.System_Byte:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
            case SpecialType.System_IntPtr:
            case SpecialType.System_UIntPtr:
                return true;
        }

        if (type.TypeKind == TypeKind.Enum)
        {
            return true;
        }

        if (type is IArrayTypeSymbol array)
        {
            return IsDiscrete(array.ElementType);
        }

        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            return IsDiscrete(nullable.TypeArguments[0]);
        }

        var name = type.ToDisplayString();
        return name is "AutoDiffGen.Shape" or "AutoDiffGen.Generator" or "System.Random" or "System.Threading.CancellationToken";
    }

    /// <summary>Short C# spelling for messages and generated code (<c>Tensor</c>, <c>double</c>, <c>int[]</c>).</summary>
    public static string Display(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
}
