
namespace RedoxBuild.Image.Disk;

/// <summary>
/// Writes a GPT disk image without root, FUSE or loop devices: the file is created at full size as a sparse file,
/// the GPT and the partition contents are written at their offsets (zero blocks skipped), then it is renamed over
/// the output so readers never see half an image.
/// </summary>
public static class DiskImageWriter
{
    // 1 MiB like dd bs=1M: large enough to amortise syscalls, small enough to stay in L2 between read, zero scan and write.
    private const int CopyChunk = 1024 * 1024;

    /// <summary>
    /// Writes the image. <paramref name="progress"/> receives the running total of bytes handled (GPT, FAT
    /// metadata and files, raw payloads, zero blocks included); the layout of what was written is returned.
    /// </summary>
    public static DiskImageLayout Write(DiskImageRequest request, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var layout = request.Layout.Validate();
        CheckContents(request);
        var output = Path.GetFullPath(request.OutputPath);
        var directory = Path.GetDirectoryName(output)!;
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"The image's directory does not exist: {directory}");
        var temp = Path.Combine(directory, $".{Path.GetFileName(output)}.{Path.GetRandomFileName()}.partial");

        long done = 0;
        void Advance(long bytes) { done += bytes; progress?.Report(done); }
        var placements = new List<PartitionPlacement>();
        try
        {
            using (var handle = File.OpenHandle(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None))
            {
                RandomAccess.SetLength(handle, layout.DiskSizeBytes);
                var sink = new FileHandleSink(handle);
                sink.Write(0, GptWriter.BuildPrimaryRegion(layout, request.MbrBootCode.Span));
                sink.Write(layout.BackupArrayLba * GptLayout.SectorSize, GptWriter.BuildBackupRegion(layout));
                Advance((GptWriter.PrimaryRegionSectors + GptWriter.BackupRegionSectors) * (long)GptLayout.SectorSize);

                foreach (var partition in layout.Partitions.OrderBy(p => p.Number))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var content = request.Contents.FirstOrDefault(c => c.PartitionNumber == partition.Number);
                    placements.Add(content switch
                    {
                        FatPartitionContent fat => WriteFat(sink, partition, fat.Volume, Advance),
                        RawPartitionContent raw => WriteRaw(sink, partition, raw, Advance, cancellationToken),
                        _ => Placement(partition, "empty", 0, null),
                    });
                }
                if (request.FlushToDisk) RandomAccess.FlushToDisk(handle);
            }
            File.Move(temp, output, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
        return new DiskImageLayout(output, layout.DiskSizeBytes, GptLayout.SectorSize, layout.DiskGuid, placements);
    }

    private static void CheckContents(DiskImageRequest request)
    {
        foreach (var group in request.Contents.GroupBy(c => c.PartitionNumber))
        {
            var partition = request.Layout.Partition(group.Key);
            if (group.Count() > 1) throw new DiskLayoutException($"Partition {group.Key} \"{partition.Name}\" is given {group.Count()} contents; give one.");
            if (group.Single() is FatPartitionContent fat && fat.Volume.SizeBytes > partition.SizeBytes)
                throw new DiskLayoutException(
                    $"The FAT volume is {fat.Volume.SizeBytes} bytes but partition {partition.Number} \"{partition.Name}\" holds {partition.SizeBytes}; plan the volume with FatVolumeOptions.ForPartition.");
        }
        if (request.MbrBootCode.Length > GptWriter.MbrBootCodeSize)
            throw new DiskLayoutException($"The MBR boot code is {request.MbrBootCode.Length} bytes; at most {GptWriter.MbrBootCodeSize} fit.");
    }

    private static PartitionPlacement WriteFat(IBlockSink sink, GptPartition partition, FatVolume volume, Action<long> advance)
    {
        volume.Write(sink, partition.OffsetBytes, advance);
        return Placement(partition, volume.Geometry.Type.ToString().ToLowerInvariant(), volume.SizeBytes, volume.VolumeId);
    }

    private static PartitionPlacement WriteRaw(FileHandleSink sink, GptPartition partition, RawPartitionContent raw, Action<long> advance, CancellationToken cancellationToken)
    {
        using var source = raw.Open();
        if (source.CanSeek && source.Length - source.Position > partition.SizeBytes) throw TooBig(partition, raw, source.Length - source.Position);
        var buffer = new byte[CopyChunk];
        long copied = 0;
        int read;
        while ((read = source.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (copied + read > partition.SizeBytes) throw TooBig(partition, raw, copied + read);
            SparseWrite.NonZero(sink, partition.OffsetBytes + copied, buffer.AsSpan(0, read));
            copied += read;
            advance(read);
        }
        return Placement(partition, "raw", copied, null);
    }

    private static DiskLayoutException TooBig(GptPartition partition, RawPartitionContent raw, long atLeast) => new(
        $"'{raw.Description}' is at least {atLeast} bytes but partition {partition.Number} \"{partition.Name}\" holds {partition.SizeBytes} bytes ({partition.SizeBytes / 1048576.0:0.##} MiB); raise the disk size (filesystem_size) or shrink the payload.");

    private static PartitionPlacement Placement(GptPartition p, string content, long contentBytes, uint? volumeId) =>
        new(p.Number, p.Name, p.TypeGuid, p.UniqueGuid, p.FirstLba, p.LastLba, p.OffsetBytes, p.SizeBytes, content, contentBytes, volumeId);
}
