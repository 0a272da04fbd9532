namespace AutoDiffGen.Generators.Model;

/// <summary>The statement forms a differentiable body may use.</summary>
internal enum StatementKind
{
    /// <summary><c>var name = value;</c></summary>
    Declare,

    /// <summary><c>name = value;</c> (a local or parameter).</summary>
    Assign,

    /// <summary><c>name op= value;</c>, with <see cref="StatementSpec.Operator"/> the binary operator.</summary>
    CompoundAssign,

    /// <summary><c>return value;</c></summary>
    Return,

    /// <summary><c>if (value) { Then } else { Else }</c>.</summary>
    If,

    /// <summary>
    /// A counted loop, <c>for (int i = start; i &lt; bound; i += step) { Then }</c> (a <c>foreach</c> over an array arrives
    /// in this form too); <see cref="StatementSpec.Loop"/> holds the header.
    /// </summary>
    For,
}
