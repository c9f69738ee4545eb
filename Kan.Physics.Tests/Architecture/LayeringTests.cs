using System.Reflection;
using Kan.Physics.Networks;
using Kan.Physics.Runs.Results;
using Kan.Physics.Solvers.Pinns;
using NetArchTest.Rules;

namespace Kan.Physics.Tests.Architecture;

/// <summary>
/// The dependency order of ARCHITECTURE.md, enforced on the compiled assemblies: inside each project every namespace
/// uses only the namespaces listed before it (so there is no cycle), every namespace of a project is listed (a new
/// one must be given its place), and the projects reference only the projects and packages below them.
/// </summary>
public class LayeringTests
{
    /// <summary>The KAN core, lowest first.</summary>
    public static readonly string[] Core =
    [
        "Kan.Physics.Splines",
        "Kan.Physics.Jets",
        "Kan.Physics.Expressions",
        "Kan.Physics.EdgeFunctions",
        "Kan.Physics.Layers",
        "Kan.Physics.Networks",
        "Kan.Physics.Optimization",
        "Kan.Physics.Training",
        "Kan.Physics.Interpretation",
        "Kan.Physics.Symbolic",
        "Kan.Physics.Serialization",
    ];

    /// <summary>The PDE numerics.</summary>
    public static readonly string[] Solvers =
    [
        "Kan.Physics.Solvers.Pdes",
        "Kan.Physics.Solvers.Geometry",
        "Kan.Physics.Solvers.Pinns",
        "Kan.Physics.Solvers.Discovery",
    ];

    /// <summary>The application layer.</summary>
    public static readonly string[] Runs =
    [
        "Kan.Physics.Runs.Results",
        "Kan.Physics.Runs.Plotting",
        "Kan.Physics.Runs.Hosting",
    ];

    /// <summary>The problem modules and the <c>kan</c> command: science code first, modules, then the command line.</summary>
    public static readonly string[] Problems =
    [
        "Kan.Physics.Problems.Functions",
        "Kan.Physics.Problems.LinearAlgebra",
        "Kan.Physics.Problems.References",
        "Kan.Physics.Problems.Anderson",
        "Kan.Physics.Problems.Feynman",
        "Kan.Physics.Problems.Knots",
        "Kan.Physics.Problems.Zoo",
        "Kan.Physics.Problems.Modules",
        "Kan.Physics.Problems.Cli",
    ];

    private static Assembly CoreAssembly => typeof(KanNetwork).Assembly;
    private static Assembly SolversAssembly => typeof(PinnSolver).Assembly;
    private static Assembly RunsAssembly => typeof(ResultFile).Assembly;
    private static Assembly ProblemsAssembly => typeof(Kan.Physics.Problems.Modules.ToyFit).Assembly;

    public static TheoryData<string, int> Layers()
    {
        var data = new TheoryData<string, int>();
        foreach (var (name, order) in new[] { ("core", Core), ("solvers", Solvers), ("runs", Runs), ("problems", Problems) })
            for (int i = 0; i < order.Length - 1; i++) data.Add(name, i);
        return data;
    }

    private static (Assembly Assembly, string[] Order) Project(string name) => name switch
    {
        "core" => (CoreAssembly, Core),
        "solvers" => (SolversAssembly, Solvers),
        "runs" => (RunsAssembly, Runs),
        "problems" => (ProblemsAssembly, Problems),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Layers))]
    public void A_namespace_uses_only_the_namespaces_before_it(string project, int index)
    {
        var (assembly, order) = Project(project);
        string ns = order[index];
        string[] later = order[(index + 1)..];
        var result = Types.InAssembly(assembly)
            .That().ResideInNamespaceMatching("^" + System.Text.RegularExpressions.Regex.Escape(ns) + "$")
            .ShouldNot().HaveDependencyOnAny(later)
            .GetResult();
        Assert.True(result.IsSuccessful,
            $"{ns} must not use {string.Join(", ", later)}, but these types do: " +
            string.Join("; ", (result.FailingTypes ?? []).Select(t => $"{t.FullName} ({t.Explanation})")));
    }

    [Theory]
    [InlineData("core")]
    [InlineData("solvers")]
    [InlineData("runs")]
    [InlineData("problems")]
    public void Every_namespace_of_a_project_has_its_place_in_the_order(string project)
    {
        var (assembly, order) = Project(project);
        var namespaces = assembly.GetTypes()
            .Where(t => t.Namespace is not null && t.Namespace.StartsWith("Kan.Physics", StringComparison.Ordinal))
            .Select(t => t.Namespace!)
            .Distinct()
            .Where(n => !order.Contains(n))
            .Order()
            .ToList();
        Assert.True(namespaces.Count == 0,
            $"namespaces of {assembly.GetName().Name} missing from the dependency order in LayeringTests and ARCHITECTURE.md: {string.Join(", ", namespaces)}");
    }

    [Fact]
    public void The_core_references_no_other_project_and_no_io_plotting_or_host_package()
    {
        AssertReferences(CoreAssembly, allowedProjects: []);
    }

    [Fact]
    public void The_solvers_reference_the_core_alone_without_hdf5_plotting_or_host()
    {
        AssertReferences(SolversAssembly, allowedProjects: ["Kan.Physics"]);
    }

    [Fact]
    public void The_application_layer_references_core_and_solvers_but_no_problem_module()
    {
        AssertReferences(RunsAssembly, allowedProjects: ["Kan.Physics", "Kan.Physics.Solvers"], allowHeavy: true);
    }

    [Fact]
    public void The_library_projects_do_not_use_the_application_layer_namespaces()
    {
        foreach (var assembly in new[] { CoreAssembly, SolversAssembly })
        {
            var result = Types.InAssembly(assembly)
                .ShouldNot().HaveDependencyOnAny("Kan.Physics.Runs", "Kan.Physics.Problems", "ScottPlot", "SkiaSharp", "PureHDF",
                    "Microsoft.Extensions.Hosting", "Microsoft.Extensions.DependencyInjection")
                .GetResult();
            Assert.True(result.IsSuccessful,
                $"{assembly.GetName().Name}: " + string.Join("; ", (result.FailingTypes ?? []).Select(t => $"{t.FullName} ({t.Explanation})")));
        }
    }

    private static readonly string[] HeavyPackages = ["ScottPlot", "SkiaSharp", "PureHDF", "Microsoft.Extensions.Hosting"];

    private static void AssertReferences(Assembly assembly, string[] allowedProjects, bool allowHeavy = false)
    {
        var refs = assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        var projects = refs.Where(r => r.StartsWith("Kan.Physics", StringComparison.Ordinal) || r == "kan").ToList();
        var forbiddenProjects = projects.Except(allowedProjects).ToList();
        Assert.True(forbiddenProjects.Count == 0,
            $"{assembly.GetName().Name} references {string.Join(", ", forbiddenProjects)}; allowed: {string.Join(", ", allowedProjects.DefaultIfEmpty("none"))}");
        if (!allowHeavy)
        {
            var heavy = refs.Where(r => HeavyPackages.Any(h => r.StartsWith(h, StringComparison.Ordinal))).ToList();
            Assert.True(heavy.Count == 0, $"{assembly.GetName().Name} references {string.Join(", ", heavy)}");
        }
    }
}
