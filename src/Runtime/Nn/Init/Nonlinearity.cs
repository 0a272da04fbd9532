namespace AutoDiffGen.Nn;

/// <summary>The activation that follows a layer, which decides the initialisation gain (<see cref="Init.CalculateGain"/>).</summary>
public enum Nonlinearity
{
    /// <summary>No activation (gain 1); also right for convolutions.</summary>
    Linear,

    /// <summary>Sigmoid (gain 1).</summary>
    Sigmoid,

    /// <summary>Tanh (gain 5/3).</summary>
    Tanh,

    /// <summary>ReLU (gain √2).</summary>
    ReLU,

    /// <summary>Leaky ReLU with a negative slope (gain √(2 / (1 + slope²))).</summary>
    LeakyReLU,

    /// <summary>SELU (gain 3/4).</summary>
    SELU,
}
