using System.Collections;

namespace AutoDiffGen.Nn;

/// <summary>
/// Holds submodules in a list so their parameters are registered, named "0", "1", ... (<c>torch.nn.ModuleList</c>).
/// It has no forward of its own: the owning module decides how to call them.
/// </summary>
public sealed class ModuleList : Module, IReadOnlyList<Module>
{
    private readonly List<Module> _items = [];

    /// <summary>Creates the list from <paramref name="modules"/>.</summary>
    public ModuleList(params Module[] modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        foreach (var m in modules)
        {
            Add(m);
        }
    }

    /// <summary>Creates the list from <paramref name="modules"/>.</summary>
    public ModuleList(IEnumerable<Module> modules)
        : this(modules.ToArray())
    {
    }

    /// <inheritdoc/>
    public int Count => _items.Count;

    /// <summary>The module at <paramref name="index"/> (negative counts from the end).</summary>
    public Module this[int index] => _items[index < 0 ? index + _items.Count : index];

    /// <summary>Appends <paramref name="module"/>.</summary>
    public void Add(Module module)
    {
        RegisterModule(_items.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module);
        _items.Add(module);
    }

    /// <summary>Always throws: a module list is a container, not a layer.</summary>
    public override Tensor Forward(Tensor input)
        => throw new NotSupportedException("ModuleList has no Forward; iterate over its modules in the owning module's Forward.");

    /// <inheritdoc/>
    public IEnumerator<Module> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
