namespace Hematology.ML;

/// <summary>
/// An error a user can act on (a missing file, a malformed manifest, an unknown model name). Its
/// message is written for the person at the command line and never contains patient identifiers.
/// </summary>
public class HematologyException : Exception
{
    /// <summary>Creates the exception with a user-facing message.</summary>
    public HematologyException(string message) : base(message) { }

    /// <summary>Creates the exception with a user-facing message and the underlying cause.</summary>
    public HematologyException(string message, Exception inner) : base(message, inner) { }
}
