namespace Hematology.ML.Tests.Imaging.Fuzzing;

/// <summary>
/// Seeded byte-level mutations of a valid file, in the manner of AFL's havoc stage: bit flips, "interesting" bytes and
/// 16/32-bit integers written over the data, slices deleted or repeated, truncation. Half the positions fall in the first
/// 64 bytes, where the headers and their sizes are. The same seed gives the same mutant.
/// </summary>
internal static class ByteMutator
{
    private static readonly byte[] InterestingBytes = [0x00, 0x01, 0x7F, 0x80, 0xFF];
    private static readonly uint[] InterestingInts = [0, 1, 0x7FFF, 0x8000, 0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 46341];

    public static byte[] Mutate(byte[] original, int seed)
    {
        var random = new Random(seed);
        var bytes = new List<byte>(original);
        var operations = random.Next(1, 5);
        for (var o = 0; o < operations && bytes.Count > 8; o++)
        {
            var at = random.Next(2) == 0 ? random.Next(Math.Min(64, bytes.Count)) : random.Next(bytes.Count);
            switch (random.Next(7))
            {
                case 0: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 1: bytes[at] = InterestingBytes[random.Next(InterestingBytes.Length)]; break;
                case 2: WriteInt(bytes, at, InterestingInts[random.Next(InterestingInts.Length)], width: 2, bigEndian: random.Next(2) == 0); break;
                case 3: WriteInt(bytes, at, InterestingInts[random.Next(InterestingInts.Length)], width: 4, bigEndian: random.Next(2) == 0); break;
                case 4: bytes.RemoveRange(at, Math.Min(random.Next(1, 256), bytes.Count - at)); break;
                case 5: bytes.InsertRange(at, bytes.GetRange(at, Math.Min(random.Next(1, 256), bytes.Count - at))); break;
                default: bytes.RemoveRange(at, bytes.Count - at); break;
            }
        }
        return [.. bytes];
    }

    private static void WriteInt(List<byte> bytes, int at, uint value, int width, bool bigEndian)
    {
        for (var k = 0; k < width && at + k < bytes.Count; k++)
        {
            var shift = 8 * (bigEndian ? width - 1 - k : k);
            bytes[at + k] = (byte)(value >> shift);
        }
    }
}
