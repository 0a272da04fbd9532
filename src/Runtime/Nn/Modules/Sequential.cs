using System.Collections;

namespace AutoDiffGen.Nn;

/// <summary>
/// Runs its modules one after another, each feeding the next (<c>torch.nn.Sequential</c>); children are named
/// "0", "1", ... so parameters are <c>0.weight</c>, <c>2.bias</c>.
/// </summary>
public sealed class Sequential : Module, IEnumerable<Module>
{
    private readonly List<Module> _layers = [];

    /// <summary>Creates the container from <paramref name="modules"/>, in order.</summary>
    public Sequential(params Module[] modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        foreach (var m in modules)
        {
            Add(m);
        }
    }

    /// <summary>Number of modules.</summary>
    public int Count => _layers.Count;

    /// <summary>The module at <paramref name="index"/> (negative counts from the end).</summary>
    public Module this[int index] => _layers[index < 0 ? index + _layers.Count : index];

    /// <summary>Appends <paramref name="module"/> (PyTorch's <c>append</c>).</summary>
    public void Add(Module module)
    {
        RegisterModule(_layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module);
        _layers.Add(module);
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        foreach (var layer in _layers)
        {
            input = layer.Forward(input);
        }

        return input;
    }

    /// <inheritdoc/>
    public IEnumerator<Module> GetEnumerator() => _layers.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
