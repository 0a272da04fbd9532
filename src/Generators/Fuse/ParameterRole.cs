namespace AutoDiffGen.Generators.Fuse;

/// <summary>How a fused kernel reads a parameter: tensor input number <see cref="Index"/> (varying per element), or a uniform scalar.</summary>
internal sealed record ParameterRole(bool IsVarying, int Index)
{
    public static readonly ParameterRole Uniform = new(false, -1);

    public static ParameterRole Input(int index) => new(true, index);
}
