using System.Globalization;

namespace RedoxBuild.Engine;

/// <summary>
/// Converts the strings a source produced into the parameter's type: string, bool, int, long, double, enums,
/// arrays of those, AbsolutePath and ByteSize, and their nullable forms. Errors name the parameter, where the
/// value came from and what would have been accepted.
/// </summary>
public sealed class ValueConverter(string workingDirectory, string rootDirectory)
{
    private static readonly string[] TrueWords = ["true", "on", "yes", "1"];
    private static readonly string[] FalseWords = ["false", "off", "no", "0"];

    public object? Convert(ParameterDescriptor parameter, ParameterValue value)
    {
        var type = parameter.ValueType;
        var values = parameter.Separator != default
            ? value.Values.SelectMany(v => v.Split(parameter.Separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList()
            : value.Values.ToList();

        if (type.IsArray)
        {
            var element = type.GetElementType()!;
            var array = Array.CreateInstance(element, values.Count);
            for (var i = 0; i < values.Count; i++) array.SetValue(ConvertOne(parameter, value, element, values[i]), i);
            return array;
        }

        if (parameter.IsFlag && values.Count == 0) return true;
        if (values.Count == 0)
            throw Fail(parameter, value, "", $"a value is missing. {Accepted(type, parameter)}");
        if (values.Count > 1)
            throw new ParameterException(
                $"Parameter {parameter.Spelling} takes one value but got {values.Count} from {value.Origin}: {string.Join(" ", values.Select(v => $"'{v}'"))}. " +
                "Target names go before the options, e.g. ./build.sh DiskImage --profile graphical.");
        return ConvertOne(parameter, value, type, values[0]);
    }

    private object? ConvertOne(ParameterDescriptor parameter, ParameterValue origin, Type type, string text)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target == typeof(string)) return text;
        if (target == typeof(bool))
        {
            if (TrueWords.Contains(text, StringComparer.OrdinalIgnoreCase)) return true;
            if (FalseWords.Contains(text, StringComparer.OrdinalIgnoreCase)) return false;
        }
        else if (target == typeof(int) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i)) return i;
        else if (target == typeof(long) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l)) return l;
        else if (target == typeof(double) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
        else if (target == typeof(ByteSize) && ByteSize.TryParse(text, out var size)) return size;
        else if (target == typeof(AbsolutePath) && !string.IsNullOrWhiteSpace(text))
            return AbsolutePath.Create(text, origin.RelativeToRoot ? rootDirectory : workingDirectory);
        else if (target.IsEnum && EnumValues(target).FirstOrDefault(v => v.Name is not null && Naming.Normalize(v.Name) == Naming.Normalize(text)) is { Name: not null } match)
            return match.Value;
        else if (target != typeof(bool) && target != typeof(int) && target != typeof(long) && target != typeof(double) &&
                 target != typeof(ByteSize) && target != typeof(AbsolutePath) && !target.IsEnum)
            throw new BuildConfigurationException($"Parameter {parameter.CliName} has type {type.Name}, which the engine cannot bind.");

        // Digits that do not fit are not "not a whole number": say what the limit is.
        if ((target == typeof(int) || target == typeof(long)) && System.Numerics.BigInteger.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            throw Fail(parameter, origin, text, target == typeof(int)
                ? $"the number is out of range: it must lie between {int.MinValue} and {int.MaxValue}."
                : $"the number is out of range: it must lie between {long.MinValue} and {long.MaxValue}.");
        throw Fail(parameter, origin, text, Accepted(target, parameter));
    }

    private static ParameterException Fail(ParameterDescriptor p, ParameterValue origin, string text, string accepted) =>
        new($"Invalid value {(p.IsSecret ? "(secret)" : $"'{text}'")} for parameter {p.Spelling} from {origin.Origin}: {accepted}");

    /// <summary>What a type accepts, as a sentence ending in an example.</summary>
    public static string Accepted(Type type, ParameterDescriptor p)
    {
        var t = Nullable.GetUnderlyingType(type) ?? (type.IsArray ? type.GetElementType()! : type);
        return t switch
        {
            _ when t == typeof(bool) => $"accepted values are true/false, on/off, yes/no, 1/0, e.g. {p.CliName} false.",
            _ when t == typeof(int) || t == typeof(long) => $"expected a whole number, e.g. {p.CliName} 4.",
            _ when t == typeof(double) => $"expected a number, e.g. {p.CliName} 1.5.",
            _ when t == typeof(ByteSize) => $"expected a size with an optional K, M, G or T suffix, e.g. {p.CliName} 2048M or {p.CliName} 2G.",
            _ when t == typeof(AbsolutePath) => $"expected a file or directory path, e.g. {p.CliName} ./out.",
            _ when t.IsEnum => $"accepted values are {string.Join(", ", AcceptedNames(t))}.",
            _ => $"expected text, e.g. {p.CliName} value.",
        };
    }

    /// <summary>Enum member names as users type them: [EnumMember(Value=...)] when given, else kebab case (CloudHypervisor is cloud-hypervisor).</summary>
    public static IEnumerable<string> AcceptedNames(Type enumType) => EnumValues(enumType).Select(v => v.Name!);

    /// <summary>The spelling of one enum value, as help, schema and error messages show it.</summary>
    public static string DisplayName(Enum value) =>
        EnumValues(value.GetType()).First(v => Equals(v.Value, value)).Name!;

    private static IEnumerable<(string? Name, object Value)> EnumValues(Type enumType) =>
        enumType.GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static).Select(f =>
            ((string?)(f.GetCustomAttributes(typeof(System.Runtime.Serialization.EnumMemberAttribute), false)
                .Cast<System.Runtime.Serialization.EnumMemberAttribute>().FirstOrDefault()?.Value ?? Naming.ToKebab(f.Name)), f.GetValue(null)!));
}
