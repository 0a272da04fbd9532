// Inline MSBuild task (RoslynCodeTaskFactory) used by TorchSharpNativeFix.targets; not part of any project's sources.
// Kept to the language and APIs the task factory compiles against (netstandard): no spans, no nullable annotations.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// Writes a copy of an ELF64 shared library in which chosen symbol-version requirements (Vernaux entries of
/// .gnu.version_r) carry VER_FLG_WEAK, but only when the library that should provide them on this machine does not.
/// Sets <see cref="Patched"/> when <see cref="PatchedFile"/> holds such a copy and should be shipped instead.
/// </summary>
public class WeakenElfVersionNeeds : Task
{
    const ushort VerFlagWeak = 0x2;

    /// <summary>The library as restored (NuGet cache); only read.</summary>
    [Required] public string SourceFile { get; set; }

    /// <summary>Where the patched copy goes (under obj/).</summary>
    [Required] public string PatchedFile { get; set; }

    /// <summary>Version names that may be weakened, e.g. GLIBCXX_3.4.32.</summary>
    [Required] public string[] WeakVersions { get; set; }

    /// <summary>The only dynamic symbols allowed to be bound to a weakened version.</summary>
    [Required] public string[] AllowedSymbols { get; set; }

    /// <summary>Folders searched for the providing library when this process has not mapped it.</summary>
    public string[] SearchDirectories { get; set; }

    /// <summary>True when <see cref="PatchedFile"/> is up to date and must replace <see cref="SourceFile"/>.</summary>
    [Output] public bool Patched { get; set; }

    public override bool Execute()
    {
        try
        {
            return Run();
        }
        catch (ElfFormatException e)
        {
            Log.LogError("TorchSharpNativeFix: {0}", e.Message);
            return false;
        }
    }

    bool Run()
    {
        string shimName = Path.GetFileName(SourceFile);
        byte[] bytes = File.ReadAllBytes(SourceFile);
        var shim = new ElfImage(SourceFile, bytes);
        List<VersionNeed> needs = shim.ReadVersionNeeds();

        var candidates = needs.Where(n => WeakVersions.Contains(n.Version, StringComparer.Ordinal)).ToList();
        if (candidates.Count == 0)
        {
            Log.LogMessage(MessageImportance.Low,
                "TorchSharpNativeFix: {0} needs none of {1}; nothing to do.", shimName, string.Join(", ", WeakVersions));
            return true;
        }

        var toWeaken = new List<VersionNeed>();
        foreach (var group in candidates.GroupBy(n => n.Library))
        {
            string provider = FindLibrary(group.Key);
            if (provider == null)
            {
                // Without the library the loader fails for a reason this fix cannot help with; say so and leave the file alone.
                Log.LogMessage(MessageImportance.High,
                    "TorchSharpNativeFix: {0} not found on this machine; leaving {1} unpatched.", group.Key, shimName);
                return true;
            }

            HashSet<string> defined = new ElfImage(provider, File.ReadAllBytes(provider)).ReadVersionDefinitions();
            var missingOthers = needs
                .Where(n => n.Library == group.Key && !n.IsWeak && !defined.Contains(n.Version)
                            && !WeakVersions.Contains(n.Version, StringComparer.Ordinal))
                .Select(n => n.Version)
                .ToList();
            if (missingOthers.Count > 0)
            {
                Log.LogError(
                    "TorchSharpNativeFix: {0} needs {1} from {2}, which {3} does not define. Only {4} is known to be safe to weaken; " +
                    "this machine needs a newer {2} (from a newer GCC) to run TorchSharp.",
                    shimName, string.Join(", ", missingOthers), group.Key, provider, string.Join(", ", WeakVersions));
                return false;
            }

            foreach (VersionNeed need in group)
            {
                if (defined.Contains(need.Version))
                {
                    Log.LogMessage(MessageImportance.Low,
                        "TorchSharpNativeFix: {0} defines {1}; {2} loads as shipped.", provider, need.Version, shimName);
                }
                else if (!need.IsWeak)
                {
                    toWeaken.Add(need);
                }
            }
        }

        if (toWeaken.Count == 0)
        {
            return true;
        }

        // Weakening is only sound when nothing that can be called is bound to the version: check every bound symbol.
        foreach (VersionNeed need in toWeaken)
        {
            List<string> bound = shim.SymbolsBoundToVersionIndex(need.Index);
            var unexpected = bound.Where(s => !AllowedSymbols.Contains(s, StringComparer.Ordinal)).ToList();
            if (unexpected.Count > 0)
            {
                Log.LogError(
                    "TorchSharpNativeFix: {0} binds {1} to {2}; only {3} may be, so weakening {2} could leave a called symbol unresolved. " +
                    "Review the fix for this TorchSharp version.",
                    shimName, string.Join(", ", unexpected), need.Version, string.Join(", ", AllowedSymbols));
                return false;
            }
        }

        byte[] expected = (byte[])bytes.Clone();
        foreach (VersionNeed need in toWeaken)
        {
            ElfImage.WriteU16(expected, need.FlagsOffset, (ushort)(need.Flags | VerFlagWeak));
        }

        // Re-parse what we are about to ship: the flags must read back weak and everything else must be unchanged.
        var check = new ElfImage(PatchedFile, expected).ReadVersionNeeds();
        foreach (VersionNeed need in toWeaken)
        {
            if (!check.Any(n => n.Library == need.Library && n.Version == need.Version && n.IsWeak))
            {
                throw new ElfFormatException(SourceFile + ": " + need.Version + " did not read back as weak after patching.");
            }
        }

        string versions = string.Join(", ", toWeaken.Select(n => n.Version));
        Patched = true;
        if (File.Exists(PatchedFile) && File.ReadAllBytes(PatchedFile).SequenceEqual(expected))
        {
            Log.LogMessage(MessageImportance.Low, "TorchSharpNativeFix: {0} is already patched ({1} weak).", PatchedFile, versions);
            return true;
        }

        // Write beside the target and rename over it: a reader never sees half a file, and a hard link is replaced, not written through.
        Directory.CreateDirectory(Path.GetDirectoryName(PatchedFile));
        string temp = PatchedFile + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllBytes(temp, expected);
        if (File.Exists(PatchedFile))
        {
            File.Replace(temp, PatchedFile, null);
        }
        else
        {
            File.Move(temp, PatchedFile);
        }
        Log.LogMessage(MessageImportance.High,
            "TorchSharpNativeFix: this machine's {0} lacks {1}; {2} now ships with that requirement weak ({3}).",
            toWeaken[0].Library, versions, shimName, PatchedFile);
        return true;
    }

    /// <summary>Finds the file the loader would use for <paramref name="soname"/>.</summary>
    string FindLibrary(string soname)
    {
        // The dotnet host that runs the tests maps the same libstdc++ as the one running this build, so ask the process first.
        try
        {
            foreach (string line in File.ReadLines("/proc/self/maps"))
            {
                int slash = line.IndexOf('/');
                if (slash < 0)
                {
                    continue;
                }
                string path = line.Substring(slash);
                if (Path.GetFileName(path).StartsWith(soname, StringComparison.Ordinal) && File.Exists(path))
                {
                    return path;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        foreach (string dir in SearchDirectories ?? new string[0])
        {
            string path = Path.Combine(dir, soname);
            if (File.Exists(path))
            {
                return path;
            }
        }
        return null;
    }

    /// <summary>One Vernaux entry: a version <see cref="Library"/> must define.</summary>
    sealed class VersionNeed
    {
        public string Library;
        public string Version;
        public ushort Flags;
        public ushort Index;
        public int FlagsOffset;

        public bool IsWeak
        {
            get { return (Flags & VerFlagWeak) != 0; }
        }
    }

    /// <summary>The ELF file is not laid out as this task expects.</summary>
    sealed class ElfFormatException : Exception
    {
        public ElfFormatException(string message) : base(message)
        {
        }
    }

    /// <summary>Read-only view of a little-endian ELF64 shared object's section headers and symbol versioning.</summary>
    sealed class ElfImage
    {
        const uint ShtStrtab = 3;
        const uint ShtDynamic = 6;
        const uint ShtDynsym = 11;
        const uint ShtGnuVerdef = 0x6ffffffd;
        const uint ShtGnuVerneed = 0x6ffffffe;
        const uint ShtGnuVersym = 0x6fffffff;
        const long DtVersym = 0x6ffffff0;
        const long DtVerneed = 0x6ffffffe;
        const long DtVerneednum = 0x6fffffff;

        readonly string _path;
        readonly byte[] _b;
        readonly List<Section> _sections = new List<Section>();

        sealed class Section
        {
            public string Name;
            public uint Type;
            public ulong Addr;
            public int Offset;
            public int Size;
            public uint Link;
            public uint Info;
            public ulong EntSize;
        }

        public ElfImage(string path, byte[] bytes)
        {
            _path = path;
            _b = bytes;
            Require(_b.Length >= 64 && _b[0] == 0x7f && _b[1] == (byte)'E' && _b[2] == (byte)'L' && _b[3] == (byte)'F', "not an ELF file");
            Require(_b[4] == 2, "not ELF64 (EI_CLASS " + _b[4] + ")");
            Require(_b[5] == 1, "not little-endian (EI_DATA " + _b[5] + ")");
            Require(_b[6] == 1, "unknown ELF version " + _b[6]);
            Require(U16(16) == 3, "not a shared object (e_type " + U16(16) + ")");

            ulong shoff = U64(0x28);
            ushort shentsize = U16(0x3a);
            ushort shnum = U16(0x3c);
            ushort shstrndx = U16(0x3e);
            Require(shentsize == 64, "section header size " + shentsize + ", expected 64");
            Require(shnum > 0 && shstrndx < shnum, "no usable section header table (e_shnum " + shnum + ", e_shstrndx " + shstrndx + ")");
            Require(shoff <= (ulong)_b.Length && (ulong)shnum * 64 <= (ulong)_b.Length - shoff, "section header table past end of file");

            for (int i = 0; i < shnum; i++)
            {
                int h = checked((int)shoff + i * 64);
                var s = new Section
                {
                    Type = U32(h + 4),
                    Addr = U64(h + 16),
                    Link = U32(h + 40),
                    Info = U32(h + 44),
                    EntSize = U64(h + 56),
                };
                ulong offset = U64(h + 24);
                ulong size = U64(h + 32);
                const uint ShtNobits = 8;
                if (s.Type != ShtNobits && s.Type != 0)
                {
                    Require(offset <= (ulong)_b.Length && size <= (ulong)_b.Length - offset, "section " + i + " past end of file");
                    s.Offset = (int)offset;
                    s.Size = (int)size;
                }
                _sections.Add(s);
            }

            Section shstr = _sections[shstrndx];
            Require(shstr.Type == ShtStrtab, "e_shstrndx does not name a string table");
            for (int i = 0; i < shnum; i++)
            {
                _sections[i].Name = CString(shstr, U32(checked((int)shoff + i * 64)));
            }
        }

        /// <summary>Every Vernaux entry of the single SHT_GNU_verneed section, checked against DT_VERNEED.</summary>
        public List<VersionNeed> ReadVersionNeeds()
        {
            var result = new List<VersionNeed>();
            Section verneed = Single(ShtGnuVerneed, ".gnu.version_r");
            if (verneed == null)
            {
                return result;
            }
            Section strtab = LinkedStringTable(verneed);
            CheckDynamicPointsAt(DtVerneed, verneed.Addr, ".gnu.version_r");
            CheckDynamicValue(DtVerneednum, verneed.Info, "verneed count");

            int entry = 0;
            for (uint i = 0; i < verneed.Info; i++)
            {
                Require(entry >= 0 && entry + 16 <= verneed.Size, "Verneed entry " + i + " outside " + verneed.Name);
                int at = verneed.Offset + entry;
                Require(U16(at) == 1, "Verneed entry " + i + " has vn_version " + U16(at) + ", expected 1");
                ushort count = U16(at + 2);
                string library = CString(strtab, U32(at + 4));
                uint auxOffset = U32(at + 8);
                uint next = U32(at + 12);

                long aux = entry + (long)auxOffset;
                for (int j = 0; j < count; j++)
                {
                    Require(aux >= 0 && aux + 16 <= verneed.Size, "Vernaux " + j + " of " + library + " outside " + verneed.Name);
                    int a = verneed.Offset + (int)aux;
                    var need = new VersionNeed
                    {
                        Library = library,
                        Flags = U16(a + 4),
                        Index = U16(a + 6),
                        Version = CString(strtab, U32(a + 8)),
                        FlagsOffset = a + 4,
                    };
                    // The hash is what the loader compares first; a mismatch means we are not reading what it reads.
                    Require(U32(a) == ElfHash(need.Version), "Vernaux " + need.Version + " has a hash that does not match its name");
                    result.Add(need);
                    uint auxNext = U32(a + 12);
                    Require((auxNext == 0) == (j == count - 1), "Vernaux chain of " + library + " does not match vn_cnt " + count);
                    aux += auxNext;
                }

                Require((next == 0) == (i == verneed.Info - 1), "Verneed chain does not match sh_info " + verneed.Info);
                entry += (int)next;
            }
            return result;
        }

        /// <summary>Names of every version the single SHT_GNU_verdef section defines.</summary>
        public HashSet<string> ReadVersionDefinitions()
        {
            var result = new HashSet<string>(StringComparer.Ordinal);
            Section verdef = Single(ShtGnuVerdef, ".gnu.version_d");
            if (verdef == null)
            {
                return result;
            }
            Section strtab = LinkedStringTable(verdef);
            int entry = 0;
            for (uint i = 0; i < verdef.Info; i++)
            {
                Require(entry >= 0 && entry + 20 <= verdef.Size, "Verdef entry " + i + " outside " + verdef.Name);
                int at = verdef.Offset + entry;
                Require(U16(at) == 1, "Verdef entry " + i + " has vd_version " + U16(at) + ", expected 1");
                ushort count = U16(at + 6);
                long aux = entry + (long)U32(at + 12);
                if (count > 0)
                {
                    // The first Verdaux names the version; the rest name its parents.
                    Require(aux >= 0 && aux + 8 <= verdef.Size, "Verdaux of entry " + i + " outside " + verdef.Name);
                    string name = CString(strtab, U32(verdef.Offset + (int)aux));
                    Require(U32(at + 8) == ElfHash(name), "Verdef " + name + " has a hash that does not match its name");
                    result.Add(name);
                }
                uint next = U32(at + 16);
                Require((next == 0) == (i == verdef.Info - 1), "Verdef chain does not match sh_info " + verdef.Info);
                entry += (int)next;
            }
            return result;
        }

        /// <summary>Names of the dynamic symbols whose .gnu.version entry is <paramref name="index"/>.</summary>
        public List<string> SymbolsBoundToVersionIndex(ushort index)
        {
            Section dynsym = Single(ShtDynsym, ".dynsym");
            Section versym = Single(ShtGnuVersym, ".gnu.version");
            Require(dynsym != null && versym != null, "no .dynsym or .gnu.version section");
            Require(dynsym.EntSize == 24 && dynsym.Size % 24 == 0, ".dynsym entry size " + dynsym.EntSize + ", expected 24");
            int count = dynsym.Size / 24;
            Require(versym.Size == count * 2, ".gnu.version has " + versym.Size / 2 + " entries for " + count + " symbols");
            Require(versym.Link < _sections.Count && _sections[(int)versym.Link] == dynsym, ".gnu.version is not linked to .dynsym");
            CheckDynamicPointsAt(DtVersym, versym.Addr, ".gnu.version");
            Section strtab = LinkedStringTable(dynsym);

            var result = new List<string>();
            for (int i = 0; i < count; i++)
            {
                // Bit 15 marks a hidden definition; the low 15 bits are the version index.
                if ((U16(versym.Offset + i * 2) & 0x7fff) == index)
                {
                    result.Add(CString(strtab, U32(dynsym.Offset + i * 24)));
                }
            }
            return result;
        }

        public static void WriteU16(byte[] b, int at, ushort value)
        {
            b[at] = (byte)value;
            b[at + 1] = (byte)(value >> 8);
        }

        static uint ElfHash(string name)
        {
            uint h = 0;
            foreach (byte c in Encoding.ASCII.GetBytes(name))
            {
                h = (h << 4) + c;
                uint g = h & 0xf0000000;
                if (g != 0)
                {
                    h ^= g >> 24;
                }
                h &= ~g;
            }
            return h;
        }

        Section Single(uint type, string what)
        {
            var found = _sections.Where(s => s.Type == type).ToList();
            Require(found.Count <= 1, found.Count + " " + what + " sections, expected one");
            return found.Count == 1 ? found[0] : null;
        }

        Section LinkedStringTable(Section s)
        {
            Require(s.Link > 0 && s.Link < _sections.Count && _sections[(int)s.Link].Type == ShtStrtab,
                s.Name + " is not linked to a string table (sh_link " + s.Link + ")");
            return _sections[(int)s.Link];
        }

        // The loader finds version tables through .dynamic, not section headers: both must agree before we patch.
        void CheckDynamicPointsAt(long tag, ulong addr, string what)
        {
            ulong value;
            Require(TryDynamic(tag, out value), "no dynamic entry for " + what);
            Require(value == addr, "dynamic entry for " + what + " points at 0x" + value.ToString("x") + ", the section is at 0x" + addr.ToString("x"));
        }

        void CheckDynamicValue(long tag, ulong expected, string what)
        {
            ulong value;
            Require(TryDynamic(tag, out value) && value == expected, "dynamic " + what + " does not match the section header (" + expected + ")");
        }

        bool TryDynamic(long tag, out ulong value)
        {
            Section dynamic = Single(ShtDynamic, ".dynamic");
            Require(dynamic != null, "no .dynamic section");
            for (int at = dynamic.Offset; at + 16 <= dynamic.Offset + dynamic.Size; at += 16)
            {
                long t = (long)U64(at);
                if (t == 0)
                {
                    break;
                }
                if (t == tag)
                {
                    value = U64(at + 8);
                    return true;
                }
            }
            value = 0;
            return false;
        }

        string CString(Section table, uint offset)
        {
            Require(offset < table.Size, "string offset " + offset + " outside " + table.Name);
            int start = table.Offset + (int)offset;
            int end = Array.IndexOf(_b, (byte)0, start, table.Offset + table.Size - start);
            Require(end >= 0, "unterminated string in " + table.Name);
            return Encoding.ASCII.GetString(_b, start, end - start);
        }

        ushort U16(int at)
        {
            Require(at >= 0 && at + 2 <= _b.Length, "read past end of file");
            return (ushort)(_b[at] | _b[at + 1] << 8);
        }

        uint U32(int at)
        {
            Require(at >= 0 && at + 4 <= _b.Length, "read past end of file");
            return (uint)(_b[at] | _b[at + 1] << 8 | _b[at + 2] << 16 | _b[at + 3] << 24);
        }

        ulong U64(int at)
        {
            return U32(at) | (ulong)U32(at + 4) << 32;
        }

        void Require(bool condition, string problem)
        {
            if (!condition)
            {
                throw new ElfFormatException(_path + ": unexpected ELF layout: " + problem + ".");
            }
        }
    }
}
