using RedoxBuild.Engine;

namespace RedoxBuild.Image;

/// <summary>
/// The image cannot be built as configured: a size limit is exceeded, an input is missing, a tool failed. The
/// message names the numbers, where they came from and the setting or command that fixes it.
/// </summary>
public sealed class ImageException(string message) : BuildFailure(message);
