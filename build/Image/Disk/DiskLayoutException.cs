namespace RedoxBuild.Image.Disk;

/// <summary>
/// A disk or filesystem layout that cannot be written as asked: overlapping or misaligned partitions, a disk or
/// ESP too small for its contents, an invalid file name. The message names the numbers and the setting to change.
/// </summary>
public sealed class DiskLayoutException(string message) : Exception(message);
