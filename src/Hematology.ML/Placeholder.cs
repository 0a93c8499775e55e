namespace Hematology.ML; internal static class Placeholder { }
