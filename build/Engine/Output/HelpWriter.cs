using System.Text;

namespace RedoxBuild.Engine;

/// <summary>The --help text: targets with their direct dependencies and descriptions, then parameters with every spelling.</summary>
public static class HelpWriter
{
    private const int Width = 100;

    public static string Write(
        string banner, IReadOnlyList<ExecutableTarget> targets, IReadOnlyList<ParameterDescriptor> parameters, IReadOnlyDictionary<ParameterDescriptor, object?> defaults, AbsolutePath root)
    {
        var sb = new StringBuilder();
        sb.AppendLine(banner);
        sb.AppendLine();
        sb.AppendLine("Usage: ./build.sh [Target ...] [--parameter value ...]");
        sb.AppendLine();
        sb.AppendLine("Targets (with their direct dependencies):");
        sb.AppendLine();
        var defaultNames = string.Join(", ", targets.Where(t => t.IsDefault).Select(t => t.Name));
        var listed = targets.Where(t => t.Listed).OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase).ToList();
        var nameWidth = Math.Max(20, listed.Select(t => t.Name.Length + (t.IsDefault ? 10 : 0)).DefaultIfEmpty(0).Max() + 2);
        foreach (var t in listed)
        {
            var head = (t.Name + (t.IsDefault ? " (default)" : "")).PadRight(nameWidth);
            var deps = t.ExecutionDependencies.Count == 0 ? "" : "-> " + string.Join(", ", t.ExecutionDependencies.Select(d => d.Name));
            sb.AppendLine(("  " + head + deps).TrimEnd());
            if (!string.IsNullOrWhiteSpace(t.Description))
                foreach (var line in Wrap(t.Description!, Width - 6)) sb.AppendLine("      " + line);
        }

        sb.AppendLine();
        sb.AppendLine("Parameters (command line > environment > .nuke/parameters.json > default):");
        foreach (var group in new[] { parameters.Where(p => p.Listed && !p.IsBuiltIn), parameters.Where(p => p.Listed && p.IsBuiltIn) })
        {
            sb.AppendLine();
            foreach (var p in group)
            {
                var head = $"  {p.CliName} {ValueHint(p)}".TrimEnd();
                var env = "env " + string.Join(", ", p.EnvironmentAliases.Prepend(p.EnvName));
                sb.AppendLine(head.Length < 40 ? head.PadRight(40) + env : head + "  " + env);
                var text = (p.Description ?? "").Replace("{default_target}", defaultNames.Length == 0 ? "none" : defaultNames, StringComparison.Ordinal);
                if (text.Length > 0 && !text.EndsWith('.')) text += ".";
                var details = Details(p, defaults.GetValueOrDefault(p), root);
                foreach (var line in Wrap((text + " " + details).Trim(), Width - 6)) sb.AppendLine("      " + line);
            }
        }
        return sb.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    /// <summary>"&lt;number&gt;", "&lt;qemu|cloud-hypervisor&gt;", "&lt;name...&gt;": what follows the option.</summary>
    public static string ValueHint(ParameterDescriptor p)
    {
        if (p.IsFlag) return "";
        var type = p.ValueType.IsArray ? p.ValueType.GetElementType()! : Nullable.GetUnderlyingType(p.ValueType) ?? p.ValueType;
        var hint = type switch
        {
            _ when type.IsEnum => string.Join("|", ValueConverter.AcceptedNames(type)),
            _ when type == typeof(int) || type == typeof(long) || type == typeof(double) => "number",
            _ when type == typeof(ByteSize) => "size",
            _ when type == typeof(AbsolutePath) => "path",
            _ => p.IsSecret ? "secret" : "text",
        };
        return p.ValueType.IsArray ? $"<{hint}...>" : $"<{hint}>";
    }

    private static string Details(ParameterDescriptor p, object? value, AbsolutePath root)
    {
        if (p.IsSecret) return "Secret: give it through the environment, never on the command line.";
        var shown = value switch
        {
            null => null,
            string s when s.Length == 0 => null,
            bool b => b ? "true" : null,
            Array { Length: 0 } => null,
            Array a => string.Join(",", a.Cast<object>().Select(e => e is Enum en ? ValueConverter.DisplayName(en) : e.ToString())),
            Enum e => ValueConverter.DisplayName(e),
            // Relative to the root, so help reads the same on every machine.
            AbsolutePath path => root.Contains(path) ? "./" + path.RelativeTo(root) : path.ToString(),
            _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
        };
        var parts = new List<string>();
        if (shown is not null) parts.Add($"Default: {shown}.");
        if (p.IsRequired) parts.Add("Required.");
        return string.Join(" ", parts);
    }

    internal static IEnumerable<string> Wrap(string text, int width)
    {
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                yield return line.ToString();
                line.Clear();
            }
            if (line.Length > 0) line.Append(' ');
            line.Append(word);
        }
        if (line.Length > 0) yield return line.ToString();
    }
}
