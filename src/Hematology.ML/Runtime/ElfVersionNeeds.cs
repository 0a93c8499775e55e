// This one file is compiled twice: into Hematology.ML (the start-up fallback, the tests) and, by
// MSBuild's RoslynCodeTaskFactory, into the build task that patches every output folder (see
// build/Hematology.ML.targets). It therefore uses no implicit usings and nothing beyond the BCL.
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Hematology.ML.Runtime
{
    /// <summary>One version requirement of an ELF shared object (a <c>Vernaux</c> entry of <c>.gnu.version_r</c>).</summary>
    // A class, not a record: MSBuild compiles this file against netstandard, which lacks IsExternalInit.
    internal sealed class ElfVersionNeed
    {
        /// <summary>Creates the entry.</summary>
        public ElfVersionNeed(string library, string version, ushort flags, long flagsOffset)
        {
            Library = library;
            Version = version;
            Flags = flags;
            FlagsOffset = flagsOffset;
        }

        /// <summary>The library the version is needed from (e.g. <c>libstdc++.so.6</c>).</summary>
        public string Library { get; }

        /// <summary>The version name (e.g. <c>GLIBCXX_3.4.32</c>).</summary>
        public string Version { get; }

        /// <summary>The <c>vna_flags</c>; <see cref="ElfVersionNeeds.WeakFlag"/> marks it weak.</summary>
        public ushort Flags { get; }

        /// <summary>The file offset of <c>vna_flags</c>.</summary>
        public long FlagsOffset { get; }

        /// <summary>True when the dynamic loader tolerates the version's absence.</summary>
        public bool IsWeak => (Flags & ElfVersionNeeds.WeakFlag) != 0;

        /// <inheritdoc />
        public override string ToString() => Library + " " + Version + (IsWeak ? " (weak)" : "");
    }

    /// <summary>
    /// Reads and edits the version requirements of a 64-bit little-endian ELF file. TorchSharp 0.107's
    /// <c>libLibTorchSharp.so</c> needs <c>GLIBCXX_3.4.32</c> (GCC 13) only for the marker symbol
    /// <c>std::ios_base_library_init</c>, which no relocation binds; marking that requirement weak lets it
    /// load on systems with GCC 12's libstdc++ (Debian 12), and changes nothing where the version exists.
    /// </summary>
    internal static class ElfVersionNeeds
    {
        /// <summary><c>VER_FLG_WEAK</c>.</summary>
        public const ushort WeakFlag = 2;

        /// <summary>The version libLibTorchSharp.so asks for without using it.</summary>
        public const string UnusedLibStdCxxVersion = "GLIBCXX_3.4.32";

        private const uint ShtGnuVerneed = 0x6ffffffe;

        /// <summary>Every version requirement of the file, in file order.</summary>
        /// <exception cref="InvalidDataException">The file is not a 64-bit little-endian ELF file, or is truncated.</exception>
        public static IReadOnlyList<ElfVersionNeed> Read(string path)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return Read(stream, path);
        }

        /// <summary>
        /// Marks the requirement named <paramref name="version"/> weak. Idempotent: returns false, without
        /// writing, when it is already weak or absent. The file is replaced atomically (a patched copy
        /// renamed over it), so a process that has the old file mapped keeps running.
        /// </summary>
        public static bool MarkWeak(string path, string version)
        {
            long offset = -1;
            ushort flags = 0;
            foreach (var need in Read(path))
                if (need.Version == version && !need.IsWeak) { offset = need.FlagsOffset; flags = need.Flags; }
            if (offset < 0) return false;

            var temporary = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
            try
            {
                File.Copy(path, temporary);
                using (var stream = new FileStream(temporary, FileMode.Open, FileAccess.ReadWrite))
                {
                    stream.Position = offset;
                    var value = (ushort)(flags | WeakFlag);
                    stream.Write(new[] { (byte)value, (byte)(value >> 8) }, 0, 2);
                }
                File.Replace(temporary, path, null); // a rename: atomic
                return true;
            }
            finally
            {
                if (File.Exists(temporary)) File.Delete(temporary);
            }
        }

        private static IReadOnlyList<ElfVersionNeed> Read(Stream stream, string path)
        {
            var header = ReadAt(stream, 0, 64, path);
            if (header[0] != 0x7F || header[1] != (byte)'E' || header[2] != (byte)'L' || header[3] != (byte)'F')
                throw new InvalidDataException($"{path} is not an ELF file.");
            if (header[4] != 2 || header[5] != 1)
                throw new InvalidDataException($"{path} is not a 64-bit little-endian ELF file.");
            var sectionOffset = (long)BitConverter.ToUInt64(header, 0x28);
            int entrySize = BitConverter.ToUInt16(header, 0x3A), count = BitConverter.ToUInt16(header, 0x3C);
            if (entrySize < 64 || count == 0) throw new InvalidDataException($"{path} has no ELF section headers.");
            var sections = ReadAt(stream, sectionOffset, entrySize * count, path);

            var result = new List<ElfVersionNeed>();
            for (var i = 0; i < count; i++)
            {
                var s = i * entrySize;
                if (BitConverter.ToUInt32(sections, s + 4) != ShtGnuVerneed) continue;
                var needOffset = (long)BitConverter.ToUInt64(sections, s + 0x18);
                var needs = ReadAt(stream, needOffset, checked((int)BitConverter.ToUInt64(sections, s + 0x20)), path);
                var link = (int)BitConverter.ToUInt32(sections, s + 0x28);
                var needCount = BitConverter.ToUInt32(sections, s + 0x2C);
                if (link >= count) throw new InvalidDataException($"{path}: .gnu.version_r links to a missing string table.");
                var l = link * entrySize;
                var strings = ReadAt(stream, (long)BitConverter.ToUInt64(sections, l + 0x18), checked((int)BitConverter.ToUInt64(sections, l + 0x20)), path);
                Walk(needs, needOffset, needCount, strings, result, path);
            }
            return result;
        }

        // Verneed: vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32 (16 bytes).
        // Vernaux: vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32 (16 bytes).
        private static void Walk(byte[] needs, long needOffset, uint needCount, byte[] strings, List<ElfVersionNeed> result, string path)
        {
            var n = 0;
            for (uint i = 0; i < needCount; i++)
            {
                Check(needs, n, path);
                var library = StringAt(strings, BitConverter.ToUInt32(needs, n + 4), path);
                int auxCount = BitConverter.ToUInt16(needs, n + 2);
                var a = n + (int)BitConverter.ToUInt32(needs, n + 8);
                for (var j = 0; j < auxCount; j++)
                {
                    Check(needs, a, path);
                    result.Add(new ElfVersionNeed(library, StringAt(strings, BitConverter.ToUInt32(needs, a + 8), path),
                        BitConverter.ToUInt16(needs, a + 4), needOffset + a + 4));
                    a += (int)BitConverter.ToUInt32(needs, a + 12);
                }
                n += (int)BitConverter.ToUInt32(needs, n + 12);
            }
        }

        private static void Check(byte[] section, int at, string path)
        {
            if (at < 0 || at + 16 > section.Length) throw new InvalidDataException($"{path}: .gnu.version_r is malformed.");
        }

        private static string StringAt(byte[] strings, uint at, string path)
        {
            if (at >= strings.Length) throw new InvalidDataException($"{path}: a version name lies outside the string table.");
            var end = Array.IndexOf(strings, (byte)0, (int)at);
            return Encoding.ASCII.GetString(strings, (int)at, (end < 0 ? strings.Length : end) - (int)at);
        }

        private static byte[] ReadAt(Stream stream, long offset, int length, string path)
        {
            if (offset < 0 || length < 0 || offset + length > stream.Length) throw new InvalidDataException($"{path} is truncated or not an ELF file.");
            var buffer = new byte[length];
            stream.Position = offset;
            for (var read = 0; read < length;)
            {
                var n = stream.Read(buffer, read, length - read);
                if (n == 0) throw new InvalidDataException($"{path} is truncated.");
                read += n;
            }
            return buffer;
        }
    }

#if !HEMATOLOGY_ML_LIBRARY
    /// <summary>The MSBuild task over <see cref="ElfVersionNeeds"/>: marks GLIBCXX_3.4.32 weak in every given file.</summary>
    public sealed class MarkLibStdCxxRequirementWeak : Microsoft.Build.Utilities.Task
    {
        /// <summary>The copies of libLibTorchSharp.so in the output.</summary>
        [Microsoft.Build.Framework.Required]
        public Microsoft.Build.Framework.ITaskItem[] Files { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();

        /// <inheritdoc />
        public override bool Execute()
        {
            foreach (var file in Files)
            {
                try
                {
                    if (ElfVersionNeeds.MarkWeak(file.ItemSpec, ElfVersionNeeds.UnusedLibStdCxxVersion))
                        Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal, "Hematology.ML: marked GLIBCXX_3.4.32 weak in " + file.ItemSpec);
                }
                catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
                {
                    Log.LogWarning("Hematology.ML: could not patch " + file.ItemSpec + ": " + e.Message);
                }
            }
            return !Log.HasLoggedErrors;
        }
    }
#endif
}
