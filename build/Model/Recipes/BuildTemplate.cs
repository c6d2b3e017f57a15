namespace RedoxBuild.Model.Recipes;

/// <summary>How a recipe is built: upstream's <c>template</c> values and the options each one reads.</summary>
public abstract record BuildTemplate
{
    /// <summary>The template as recipes spell it ("cargo", "custom", ...).</summary>
    public abstract string Name { get; }

    /// <summary>Every template a recipe may name, in upstream's order, for messages.</summary>
    public static readonly IReadOnlyList<string> Names = ["none", "remote", "cargo", "configure", "cmake", "meson", "python", "custom"];
}

/// <summary>Builds nothing: a meta-package that only pulls in its dependencies (the default).</summary>
public sealed record NoneTemplate : BuildTemplate
{
    public override string Name => "none";
}

/// <summary>Downloads the prebuilt package; upstream sets it for the "binary" rule, recipes never write it.</summary>
public sealed record RemoteTemplate : BuildTemplate
{
    public override string Name => "remote";
}

/// <summary>
/// cargo install of the source (or <see cref="CargoPath"/> inside it). <see cref="Packages"/> and
/// <see cref="Examples"/> build named workspace members or examples instead; <see cref="PackagesPrefixed"/> is passed
/// to upstream's cookbook_cargo_packages_prefixed; <see cref="ClearLocked"/> drops --locked.
/// </summary>
public sealed record CargoTemplate(
    string? CargoPath,
    IReadOnlyList<string> Flags,
    IReadOnlyList<string> Packages,
    IReadOnlyList<string> Examples,
    IReadOnlyList<string> PackagesPrefixed,
    bool ClearLocked) : BuildTemplate
{
    public override string Name => "cargo";
}

/// <summary>./configure --host=$GNU_TARGET --prefix=/usr plus <see cref="Flags"/>, then make and make install.</summary>
public sealed record ConfigureTemplate(IReadOnlyList<string> Flags) : BuildTemplate
{
    public override string Name => "configure";
}

/// <summary>cmake -GNinja with a cross file, plus <see cref="Flags"/>.</summary>
public sealed record CmakeTemplate(IReadOnlyList<string> Flags) : BuildTemplate
{
    public override string Name => "cmake";
}

/// <summary>meson setup with a cross file, plus <see cref="Flags"/>.</summary>
public sealed record MesonTemplate(IReadOnlyList<string> Flags) : BuildTemplate
{
    public override string Name => "meson";
}

/// <summary>pip install of <see cref="ProjectPath"/> (or setup.py when <see cref="LegacySetup"/>), plus <see cref="PipFlags"/>.</summary>
public sealed record PythonTemplate(string? ProjectPath, IReadOnlyList<string> PipFlags, bool LegacySetup) : BuildTemplate
{
    public override string Name => "python";
}

/// <summary>A bash script run in the build directory with upstream's environment (COOKBOOK_SOURCE, COOKBOOK_STAGE, ...).</summary>
public sealed record CustomTemplate(string Script) : BuildTemplate
{
    public override string Name => "custom";
}
