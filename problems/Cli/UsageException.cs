namespace Kan.Physics.Problems.Cli;

/// <summary>Bad input (command line, job file, settings, files given): a one-line message and exit code 2.</summary>
internal sealed class UsageException(string message, Exception? inner = null) : Exception(message, inner);
