namespace Hematology.Cli;

/// <summary>The command line as the user typed it, for manifests and results ("how was this made?").</summary>
internal static class CommandLineText
{
    public static string Current() =>
        "hemato " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1).Select(Quote));

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsLetterOrDigit(c) || "-_./=:+,@".Contains(c)) ? argument : $"'{argument.Replace("'", "'\\''")}'";
}
