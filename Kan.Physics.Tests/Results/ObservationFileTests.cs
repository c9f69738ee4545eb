using Kan.Physics.Runs.Results;
using Kan.Physics.Solvers.Geometry;
using PureHDF;

namespace Kan.Physics.Tests.Results;

public class ObservationFileTests
{
    private static readonly TimeDomain Domain = new(new Interval(-1, 1), 0, 1);

    private static string Write(string name, string text)
    {
        string dir = Path.Combine(Path.GetTempPath(), "kan-obs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void ReadsNamedCsvColumnsInAnyOrderWithCommentsAndWeights()
    {
        string path = Write("obs.csv", "# measured 2026\nu, t, x, w\n0.5, 0.25, -0.5, 2\n\n-0.25, 1, 1, 0.5\n");
        var data = ObservationFile.Read(path, ["x", "t"], "u", "w", Domain);
        Assert.Equal(new[] { -0.5, 0.25, 1.0, 1.0 }, data.Points);
        Assert.Equal(new[] { 0.5, -0.25 }, data.Values);
        Assert.Equal(new[] { 2.0, 0.5 }, data.Weights);
        // written and read back unchanged
        string copy = Path.Combine(Path.GetDirectoryName(path)!, "copy.csv");
        ObservationFile.WriteCsv(copy, ["x", "t"], "u", data, "w");
        Assert.Equal(data.Points, ObservationFile.Read(copy, ["x", "t"], "u", "w").Points);
    }

    [Theory]
    [InlineData("x,t,u\n0,0.5,1\n0.1,0.2,NaN\n", "column 'u', row 2", "NaN")]
    [InlineData("x,t,u\n0,0.5,1\n0.1,oops,3\n", "column 't', row 2", "'oops' is not a number")]
    [InlineData("x,t,v\n0,0.5,1\n", "column 'u'", "no such column")]
    [InlineData("x,t,u\n0,0.5,1\n1.5,0.2,3\n", "column 'x', row 2", "outside the domain")]
    [InlineData("x,t,u\n0,0.5,1\n0.2,1.25,3\n", "column 't', row 2", "t must be in [0, 1]")]
    [InlineData("x,t,u\n0,0.5\n", "row 1", "2 cells")]
    [InlineData("x,t,u\n", "", "no measurements")]
    [InlineData("x,t,u,w\n0,0.5,1,-1\n", "column 'w', row 1", "weights must be >= 0")]
    public void BadCsvFilesNameTheFileColumnAndRow(string text, string where, string problem)
    {
        string path = Write("bad.csv", text);
        var e = Assert.Throws<ObservationFileException>(() => ObservationFile.Read(path, ["x", "t"], "u", text.Contains(",w") ? "w" : null, Domain));
        Assert.Contains($"observation file '{path}'", e.Message);
        Assert.Contains(where, e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void ReadsHdf5DatasetsAndNamesBadOnes()
    {
        string dir = Path.Combine(Path.GetTempPath(), "kan-obs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        string good = Path.Combine(dir, "obs.h5");
        new H5File { ["x"] = new[] { 0.0, 0.5 }, ["t"] = new[] { 0.1, 0.9 }, ["u"] = new[] { 1.0, 2.0 } }.Write(good);
        var data = ObservationFile.Read(good, ["x", "t"], "u", domain: Domain);
        Assert.Equal(new[] { 0.0, 0.1, 0.5, 0.9 }, data.Points);
        Assert.Equal(new[] { 1.0, 2.0 }, data.Values);

        string bad = Path.Combine(dir, "bad.h5");
        new H5File { ["x"] = new[] { 0.0, 0.5 }, ["t"] = new[] { 0.1, 0.9 }, ["u"] = new[] { 1.0, double.PositiveInfinity } }.Write(bad);
        var e = Assert.Throws<ObservationFileException>(() => ObservationFile.Read(bad, ["x", "t"], "u", domain: Domain));
        Assert.Contains("column 'u', row 2", e.Message);
        e = Assert.Throws<ObservationFileException>(() => ObservationFile.Read(bad, ["x", "time"], "u", domain: Domain));
        Assert.Contains("column 'time'", e.Message);
        Assert.Contains("no such dataset", e.Message);
        string text = Path.Combine(dir, "text.h5");
        File.WriteAllText(text, "not hdf5");
        e = Assert.Throws<ObservationFileException>(() => ObservationFile.Read(text, ["x", "t"], "u"));
        Assert.Contains("text.h5", e.Message);
        e = Assert.Throws<ObservationFileException>(() => ObservationFile.Read(Path.Combine(dir, "missing.csv"), ["x", "t"], "u"));
        Assert.Contains("does not exist", e.Message);
    }
}
