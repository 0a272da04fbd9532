// netstandard2.0 lacks this marker type; records and init accessors need it to compile.
namespace System.Runtime.CompilerServices;

/// <summary>Compiler marker for init-only setters (absent from netstandard2.0).</summary>
internal static class IsExternalInit
{
}
