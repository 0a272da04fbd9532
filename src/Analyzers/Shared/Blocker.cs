using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Analyzers.Shared;

/// <summary>
/// Why a <c>[Differentiable]</c> method has no derivative, for the callers' ADG1001 messages.
/// </summary>
/// <param name="Chain">Method names from the blocked method down to the function at fault, inclusive.</param>
/// <param name="Target">The function with no derivative at the end of the chain; null when the method's own body is at fault.</param>
/// <param name="Reason">One clause saying what is wrong at the end of the chain.</param>
internal sealed record Blocker(ImmutableArray<string> Chain, IMethodSymbol? Target, string Reason);
