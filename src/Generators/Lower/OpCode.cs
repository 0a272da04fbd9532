namespace AutoDiffGen.Generators.Lower;

/// <summary>
/// Instruction kinds of the SSA IR. Control flow is structured (an <see cref="If"/> or a <see cref="Loop"/> owns its
/// blocks), so reverse mode stays a walk over regions.
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

    /// <summary><c>array[index]</c>: argument 0 the array, argument 1 the index. Arrays get no gradient.</summary>
    ArrayElement,

    /// <summary>
    /// A counted loop <c>for (counter = args[0]; counter &lt; args[1]; counter += args[2])</c> (<c>&lt;=</c> when
    /// <see cref="Instr.Text"/> is <c>&lt;=</c>), owning its body <see cref="Instr.Then"/>. Arguments 3 and on are the
    /// initial values of the loop-carried locals; inside the body <see cref="Carried"/> reads each at iteration entry,
    /// <see cref="Instr.ThenYields"/> are their values at iteration exit, and the <see cref="Phi"/>s after the loop
    /// their final values. <see cref="Instr.Name"/> is the counter's name.
    /// </summary>
    Loop,

    /// <summary>Inside a loop body: the counter of the <see cref="Loop"/> (or <see cref="ReverseLoop"/>) in argument 0.</summary>
    LoopIndex,

    /// <summary>Inside a loop body: loop-carried local number <see cref="Instr.Text"/> of the <see cref="Loop"/> in argument 0, at iteration entry.</summary>
    Carried,

    /// <summary>
    /// The reverse sweep of a loop: the same counter values as the <see cref="Loop"/> with the same arguments 0 to 2,
    /// last to first. It carries nothing in SSA form; loop-carried gradients are accumulators (<see cref="VarSet"/>).
    /// </summary>
    ReverseLoop,

    /// <summary>
    /// The per-iteration checkpoint array of one loop-carried value (a checkpoint per iteration, as Tapenade and Enzyme
    /// save): sized to the trip count of a loop with arguments <c>start, bound, step</c>; <see cref="Instr.Text"/> is the
    /// comparison. Scalars rent from <c>ArrayPool</c> (given back by <see cref="Release"/>); tensors get a plain array.
    /// </summary>
    Checkpoints,

    /// <summary>Writes argument 2 into the <see cref="Checkpoints"/> in argument 0 at the iteration of the counter in argument 1.</summary>
    Save,

    /// <summary>Reads the <see cref="Checkpoints"/> in argument 0 at the iteration of the counter in argument 1.</summary>
    Restore,

    /// <summary>Returns the pooled <see cref="Checkpoints"/> array in argument 0 once the reverse loop is done with it.</summary>
    Release,

    /// <summary>Overwrites the accumulator argument 0 with argument 1 (a loop-carried gradient passed to the previous iteration).</summary>
    VarSet,
}
