using AutoDiffGen.Generators.Model;

namespace AutoDiffGen.Generators.Lower;

/// <summary>Names for values that have no source name, chosen by what computes them (<c>sum</c>, <c>prod</c>, <c>tanh</c>).</summary>
internal static class Naming
{
    public static string Fallback(Instr instr) => instr.Op switch
    {
        OpCode.Binary => instr.Text switch
        {
            "+" => "sum",
            "-" => "diff",
            "*" => "prod",
            "/" => "ratio",
            _ => "cond",
        },
        OpCode.Unary => instr.Text == "!" ? "cond" : "neg",
        OpCode.Convert => "converted",
        OpCode.Select or OpCode.Phi => "value",
        OpCode.Call when instr.Call is { } call => char.ToLowerInvariant(call.Name[0]) + call.Name.Substring(1),
        _ => "t",
    };
}
