namespace AutoDiffGen.Generators.Lower;

/// <summary>
/// Instruction kinds of the SSA IR. Control flow is structured (an <see cref="If"/> owns its blocks), so a later
/// counted <c>for</c> can be one more region kind with its own block, and reverse-mode stays a walk over regions.
/// </summary>
internal enum OpCode
{
    /// <summary>A method parameter; <see cref="Instr.Text"/> is its name.</summary>
    Parameter,

    /// <summary>A literal; <see cref="Instr.Text"/> is its C# source.</summary>
    Constant,

    /// <summary><c>a op b</c>; <see cref="Instr.Text"/> is the operator.</summary>
    Binary,

    /// <summary><c>op a</c>.</summary>
    Unary,

    /// <summary>Numeric conversion of argument 0 to <see cref="Instr.Type"/>.</summary>
    Convert,

    /// <summary>A call or property read described by <see cref="Instr.Call"/>.</summary>
    Call,

    /// <summary><c>c ? a : b</c> with both sides already computed (only for derivative formulas of pure values).</summary>
    Select,

    /// <summary>Structured branch on argument 0, owning <see cref="Instr.Then"/> and <see cref="Instr.Else"/>; its results are the <see cref="Phi"/>s after it.</summary>
    If,

    /// <summary>Result number <see cref="Instr.Text"/> of the <see cref="If"/> in argument 0.</summary>
    Phi,

    /// <summary>Tuple element <see cref="Instr.Text"/> of argument 0 (a rule returning several gradients).</summary>
    Field,

    /// <summary><c>new T[] { args }</c>; <see cref="Instr.Text"/> is the element type.</summary>
    ArrayCreation,

    /// <summary><c>new T(args)</c>.</summary>
    ObjectCreation,

    /// <summary>A static field, <see cref="Instr.Text"/> qualified.</summary>
    StaticMember,

    /// <summary>Declares the mutable gradient accumulator <see cref="Instr.Id"/> initialised to argument 0.</summary>
    VarDecl,

    /// <summary>Adds argument 1 into the accumulator argument 0 (reverse code accumulates, <c>grad += ...</c>).</summary>
    VarAdd,

    /// <summary>
    /// Vector-Jacobian product of a tensor call with no visible rule, by replaying the call on the tape: argument 0
    /// is the gradient, the rest the call's arguments; <see cref="Instr.Text"/> lists the argument indices replayed.
    /// </summary>
    Replay,

    /// <summary>Gradient number <see cref="Instr.Text"/> of the <see cref="Replay"/> in argument 0, for the input in argument 1.</summary>
    Element,
}
