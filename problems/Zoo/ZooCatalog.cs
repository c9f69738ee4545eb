namespace Kan.Physics.Problems.Zoo;

/// <summary>The cases of the PDE zoo, in the order tables list them (elliptic, parabolic, hyperbolic, multi-scale, nonlinear, systems).</summary>
internal static class ZooCatalog
{
    /// <summary>Every case, once.</summary>
    public static IReadOnlyList<ZooCase> Cases { get; } =
    [
        new Poisson1DRobin(), new VariableCoefficient1D(), new PoissonLShape(), new PoissonHole(), new Poisson3DCube(), new Helmholtz2D(),
        new Heat1DNeumann(), new Heat2D(),
        new AdvectionPeriodic(), new Wave1D(),
        new PoissonTwoScale(), new WaveTwoMode(),
        new NonlinearDisk(), new BurgersTanh(), new KleinGordon(),
        new Kovasznay(), new ReactionDiffusion2(),
    ];

    /// <summary>The case named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No case has that name; the message lists them.</exception>
    public static ZooCase Find(string name)
        => Cases.FirstOrDefault(c => c.Name == name)
           ?? throw new ArgumentException($"unknown zoo case '{name}'; known: {string.Join(", ", Cases.Select(c => c.Name))}", nameof(name));

    /// <summary>The position of <paramref name="name"/> in <see cref="Cases"/>, or -1.</summary>
    public static int IndexOf(string name) => Cases.ToList().FindIndex(c => c.Name == name);
}
