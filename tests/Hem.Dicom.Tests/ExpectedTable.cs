using System.Globalization;

namespace Hem.Dicom.Tests;

/// <summary>A tab-separated expected-values file from Expected/: rows keyed by their first field; # starts a comment.</summary>
internal sealed class ExpectedTable
{
    private readonly List<string[]> _rows;

    private ExpectedTable(List<string[]> rows) => _rows = rows;

    public static ExpectedTable Load(string name)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Expected", name);
        var rows = File.ReadAllLines(path)
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('\t'))
            .ToList();
        return new ExpectedTable(rows);
    }

    public IEnumerable<string[]> Rows(string key) => _rows.Where(r => r[0] == key);

    public string[] Row(string key) => Rows(key).Single();

    public double[] Numbers(string key) => Row(key).Skip(1).Select(Number).ToArray();

    public static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    public static int Integer(string text) => int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);
}
