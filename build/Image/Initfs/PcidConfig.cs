using System.Globalization;
using System.Text;

namespace RedoxBuild.Image.Initfs;

/// <summary>
/// pcid-spawner's TOML: one [[drivers]] table per match, with the IDs in hex as Redox's own driver configs write
/// them and the program to start. The initfs copy lives at lib/pcid.d/initfs.toml and starts programs from
/// /scheme/initfs/lib/drivers, where the initfs keeps them.
/// </summary>
public static class PcidConfig
{
    public const string InitfsPath = "lib/pcid.d/initfs.toml";
    public const string InitfsDriverDirectory = "/scheme/initfs/lib/drivers";

    public static string Render(IEnumerable<PciDriver> drivers, string driverDirectory, string header)
    {
        var text = new StringBuilder();
        foreach (var line in header.Split('\n')) text.Append("# ").Append(line).Append('\n');
        foreach (var driver in drivers)
        {
            if (driver.Matches.Count == 0)
            {
                text.Append($"\n# {driver.Program}: {driver.Description}; pcid cannot start it, an init script must.\n");
                continue;
            }
            foreach (var match in driver.Matches)
            {
                text.Append("\n[[drivers]]\n");
                text.Append("name = \"").Append(driver.Description).Append("\"\n");
                if (match.Class is { } c) text.Append("class = ").Append(Hex(c, 2)).Append('\n');
                if (match.Subclass is { } s) text.Append("subclass = ").Append(Hex(s, 2)).Append('\n');
                if (match.Vendor is { } v) text.Append("vendor = ").Append(Hex(v, 4)).Append('\n');
                if (match.Device is { } d) text.Append("device = ").Append(Hex(d, 4)).Append('\n');
                text.Append("command = [\"").Append(driverDirectory).Append('/').Append(driver.Program).Append("\"]\n");
            }
        }
        return text.ToString();
    }

    private static string Hex(int value, int digits) => "0x" + value.ToString("X" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
