namespace AutoDiffGen.Generators.Model;

/// <summary>The expression forms a differentiable body may use.</summary>
internal enum ExpressionKind
{
    /// <summary>A parameter; <see cref="ExpressionSpec.Text"/> is its name.</summary>
    Parameter,

    /// <summary>A local; <see cref="ExpressionSpec.Text"/> is its name.</summary>
    Local,

    /// <summary>A constant; <see cref="ExpressionSpec.Text"/> is C# source for it.</summary>
    Literal,

    /// <summary><c>a op b</c>; <see cref="ExpressionSpec.Text"/> is the operator.</summary>
    Binary,

    /// <summary><c>op a</c>; <see cref="ExpressionSpec.Text"/> is the operator.</summary>
    Unary,

    /// <summary>A numeric conversion to <see cref="ExpressionSpec.Type"/>.</summary>
    Convert,

    /// <summary>A method call or property read, described by <see cref="ExpressionSpec.Call"/>.</summary>
    Call,

    /// <summary><c>c ? a : b</c>.</summary>
    Conditional,

    /// <summary><c>new T[] { ... }</c>; <see cref="ExpressionSpec.Text"/> is the element type.</summary>
    ArrayCreation,

    /// <summary><c>new T(...)</c>.</summary>
    ObjectCreation,

    /// <summary>A static field; <see cref="ExpressionSpec.Text"/> is its qualified name.</summary>
    StaticMember,

    /// <summary><c>array[index]</c>: argument 0 the array, argument 1 the index (never differentiable: arrays get no gradient).</summary>
    ArrayElement,
}
