using System.Diagnostics;
using Kan.Physics.Training;

namespace Kan.Physics.Symbolic;

/// <summary>One search of <see cref="DirectLawSearch"/>: a name, the feature kinds given to every variable, and the search's settings.</summary>
/// <param name="Name">What the search looks for, for progress and reports (e.g. "power laws").</param>
/// <param name="Kinds">Feature kinds (<see cref="LawFeature.Kinds"/>) given to every variable.</param>
/// <param name="Options">Settings of the <see cref="LawSearch.Run"/> call.</param>
/// <param name="MaxVariables">Most variables for which the search is tried (its subsets grow like kinds^variables).</param>
public sealed record DirectLawPlan(string Name, IReadOnlyList<string> Kinds, LawSearchOptions Options, int MaxVariables = int.MaxValue);

/// <summary>A law found by <see cref="DirectLawSearch.Run"/>, with the search that found it.</summary>
public sealed record DirectLawResult(LawSearchResult Law, string Plan, double Seconds);

/// <summary>
/// Exact laws looked for on the raw data before any network is trained: the cheap checks of AI Feynman (Udrescu and
/// Tegmark 2020), a polynomial or rational law of the variables themselves (under a square root, arcsine, tanh or
/// exponential), a power law (a product of powers, found as a linear law of the logarithms), then laws of sines and
/// cosines, of exponentials, and of square roots and reciprocals of the variables. Each is a <see cref="LawSearch"/>
/// with a fixed feature set; a law is accepted only when it reproduces the training and test data to rounding and its
/// constants are simple (<see cref="LawSearchOptions.SimpleConstants"/>), so a found law is exact and the network stages
/// can be skipped, and a miss costs seconds. Laws with arbitrary decimal constants are left to the network pipeline.
/// </summary>
public static class DirectLawSearch
{
    /// <summary>The searches <see cref="Run"/> tries by default, cheapest and most often right first.</summary>
    public static IReadOnlyList<DirectLawPlan> DefaultPlan { get; } =
    [
        new("polynomial and rational laws", ["x"], new LawSearchOptions { MaxDegree = 3, MaxColumns = 500, SearchSamples = 800, SimpleConstants = true }),
        new("polynomial and rational laws of higher degree", ["x"], new LawSearchOptions { MaxDegree = 6, MaxColumns = 300, SearchSamples = 800, SimpleConstants = true }),
        new("power laws", ["log"], new LawSearchOptions { MaxDegree = 1, Rational = false, Transforms = [LawTransform.Log], SimpleConstants = true }),
        new("laws of logarithms", ["x", "log"], new LawSearchOptions { MaxDegree = 4, MaxColumns = 200, MaxSubsets = 300, MaxRationalSubsets = 60, SimpleConstants = true }, MaxVariables: 6),
        new("laws of sines and cosines", ["x", "sin", "cos"], new LawSearchOptions { MaxDegree = 4, MaxColumns = 260, MaxSubsets = 300, MaxRationalSubsets = 60, SimpleConstants = true }, MaxVariables: 5),
        new("laws of exponentials", ["x", "exp", "exp(-x)"], new LawSearchOptions { MaxDegree = 2, MaxColumns = 120, MaxSubsets = 300, MaxRationalSubsets = 60, SimpleConstants = true }, MaxVariables: 5),
        new("laws of square roots and reciprocals", ["x", "sqrt", "1/x"], new LawSearchOptions { MaxDegree = 2, MaxColumns = 120, MaxSubsets = 300, MaxRationalSubsets = 60, SimpleConstants = true }, MaxVariables: 5),
    ];

    /// <summary>
    /// Tries the searches of <paramref name="plan"/> (default <see cref="DefaultPlan"/>) in order and returns the first
    /// exact law, or null. <paramref name="onProgress"/> hears which search runs and where it stands; cancelling
    /// <paramref name="cancellationToken"/> (a time budget) throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public static DirectLawResult? Run(Dataset train, Dataset test, IReadOnlyList<string> names, IReadOnlyList<DirectLawPlan>? plan = null,
        CancellationToken cancellationToken = default, Action<string, LawSearchProgress>? onProgress = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(names);
        var clock = Stopwatch.StartNew();
        int n = train.InputDimension;
        foreach (var search in plan ?? DefaultPlan)
        {
            if (n > search.MaxVariables) continue;
            var features = new List<LawFeature>();
            for (int i = 0; i < n; i++)
                foreach (var kind in search.Kinds) features.Add(new LawFeature(i, kind));
            var law = LawSearch.Run(train, test, names, features, search.Options, cancellationToken, p => onProgress?.Invoke(search.Name, p));
            if (law is not null) return new DirectLawResult(law, search.Name, clock.Elapsed.TotalSeconds);
        }
        return null;
    }
}
