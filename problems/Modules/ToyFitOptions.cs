using System.Globalization;

namespace Kan.Physics.Problems.Modules;

/// <summary>Command-line options of the toy fit.</summary>
internal sealed record ToyFitOptions(int Steps, int Seed, int[] Grids, string OutputDirectory)
{
    public const string Usage = """
        usage: kan [toy] [--steps N (50)] [--seed N (0)] [--grids 5,10,20] [--out DIR (results)]
               kan list
               kan run PROBLEM [--set key=value ...] [--seed N] [--out DIR]
        """;

    public static ToyFitOptions Parse(string[] args)
    {
        int steps = 50, seed = 0;
        int[] grids = [5, 10, 20];
        string output = "results";
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"option {args[i]} needs a value");
            int Int(string name, int min)
            {
                string v = Value();
                if (!int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) || n < min)
                    throw new ArgumentException($"{name} must be an integer >= {min}, got '{v}'");
                return n;
            }
            switch (args[i])
            {
                case "--steps": steps = Int("--steps", 1); break;
                case "--seed": seed = Int("--seed", 0); break;
                case "--out": output = Value(); break;
                case "--grids":
                    string list = Value();
                    grids = list.Split(',').Select(g => int.TryParse(g, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n >= 1
                        ? n : throw new ArgumentException($"--grids must be a comma-separated list of integers >= 1, got '{list}'")).ToArray();
                    break;
                case "-h" or "--help": throw new ArgumentException("help requested");
                default: throw new ArgumentException($"unknown option '{args[i]}'");
            }
        }
        return new ToyFitOptions(steps, seed, grids, output);
    }
}
