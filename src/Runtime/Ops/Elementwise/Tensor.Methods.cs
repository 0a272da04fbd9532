namespace AutoDiffGen;

/// <summary>Instance forms of the core elementwise ops, for code written the PyTorch way (<c>x.exp()</c>, <c>x.mul(y)</c>).</summary>
public sealed partial class Tensor
{
    /// <summary>Elementwise eˣ; see <see cref="Exp(Tensor)"/>.</summary>
    [Elementwise(MathFunction = nameof(Math.Exp))]
    public Tensor Exp() => Exp(this);

    /// <summary>Elementwise natural logarithm; see <see cref="Log(Tensor)"/>.</summary>
    [Elementwise(MathFunction = nameof(Math.Log))]
    public Tensor Log() => Log(this);

    /// <summary>Elementwise hyperbolic tangent; see <see cref="Tanh(Tensor)"/>.</summary>
    [Elementwise(MathFunction = nameof(Math.Tanh))]
    public Tensor Tanh() => Tanh(this);

    /// <summary>Elementwise negation; see <see cref="Neg(Tensor)"/>.</summary>
    [Elementwise]
    public Tensor Neg() => Neg(this);

    /// <summary>This tensor plus <paramref name="other"/>, with broadcasting; see <see cref="Add(Tensor, Tensor)"/>.</summary>
    public Tensor Add(Tensor other) => Add(this, other);

    /// <summary>This tensor minus <paramref name="other"/>, with broadcasting; see <see cref="Sub(Tensor, Tensor)"/>.</summary>
    public Tensor Sub(Tensor other) => Sub(this, other);

    /// <summary>This tensor times <paramref name="other"/>, with broadcasting; see <see cref="Mul(Tensor, Tensor)"/>.</summary>
    public Tensor Mul(Tensor other) => Mul(this, other);

    /// <summary>This tensor divided by <paramref name="other"/>, with broadcasting; see <see cref="Div(Tensor, Tensor)"/>.</summary>
    public Tensor Div(Tensor other) => Div(this, other);
}
