using System.Collections.Generic;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoDiffGen.Generators.Emit;

/// <summary>
/// Gives every emitted value a unique local name derived from its source name (<c>y</c>, <c>y2</c>, <c>dy</c>):
/// unique per method, since C# forbids reusing a name in a nested scope.
/// </summary>
internal sealed class NameAllocator
{
    private readonly HashSet<string> _used = new();
    private readonly Dictionary<int, string> _names = new();

    public void Reserve(string name) => _used.Add(name);

    public void Assign(int id, string name) => _names[id] = name;

    public bool TryGet(int id, out string name) => _names.TryGetValue(id, out name!);

    /// <summary>A unique name for a local that is no IR value (the replay's input array).</summary>
    public string Fresh(string hint) => Allocate(int.MinValue + _used.Count, hint);

    public string Allocate(int id, string hint)
    {
        if (_names.TryGetValue(id, out var existing))
        {
            return existing;
        }

        var baseName = hint.Length == 0 ? "t" : hint;
        if (SyntaxFacts.GetKeywordKind(baseName) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(baseName) != SyntaxKind.None)
        {
            baseName += "Value";
        }

        var name = baseName;
        for (var n = 2; !_used.Add(name); n++)
        {
            name = baseName + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        _names[id] = name;
        return name;
    }
}
