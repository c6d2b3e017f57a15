using System.Runtime.Intrinsics;

namespace RedoxBuild.Hashing;

/// <summary>
/// The widest compression code an engine may use for chunks and parent nodes (narrower kernels take remainders).
/// Auto picks the widest the CPU runs natively; Scalar forces the portable code, e.g. to test it.
/// </summary>
internal enum Blake3Backend
{
    Auto,
    Scalar,
    Vector128,
    Vector256,
    Vector512,
}

/// <summary>
/// The key, mode flags and backend of one hasher, and the tree work that needs nothing else: chunk CVs in
/// batches, parent CVs, and CVs of whole power-of-two subtrees (optionally split across threads).
/// </summary>
internal sealed class Blake3Engine
{
    /// <summary>Leaves of the subtree recursion: small enough for a stack buffer, a multiple of every lane count.</summary>
    private const int LeafChunks = 64;

    /// <summary>Below this a subtree is hashed on the calling thread; above, its halves may run on two threads.</summary>
    private const int ParallelMinBytes = 256 * 1024;

    private readonly uint[] _key;

    public Blake3Engine(ReadOnlySpan<uint> key, uint flags, Blake3Backend backend)
    {
        _key = key[..8].ToArray();
        Flags = flags;
        Backend = Resolve(backend);
    }

    public ReadOnlySpan<uint> Key => _key;
    public uint Flags { get; }
    public Blake3Backend Backend { get; }

    public static bool IsSupported(Blake3Backend backend) => backend switch
    {
        Blake3Backend.Auto or Blake3Backend.Scalar => true,
        Blake3Backend.Vector128 => Blake3Lanes128.IsSupported,
        Blake3Backend.Vector256 => Blake3Lanes256.IsSupported,
        Blake3Backend.Vector512 => Blake3Lanes512.IsSupported,
        _ => false,
    };

    public static Blake3Backend Resolve(Blake3Backend requested)
    {
        if (requested != Blake3Backend.Auto)
            return IsSupported(requested)
                ? requested
                : throw new PlatformNotSupportedException($"BLAKE3 backend {requested} is not supported by this CPU; use Auto or Scalar.");
        if (Blake3Lanes512.IsSupported) return Blake3Backend.Vector512;
        if (Blake3Lanes256.IsSupported) return Blake3Backend.Vector256;
        return Blake3Lanes128.IsSupported ? Blake3Backend.Vector128 : Blake3Backend.Scalar;
    }

    /// <summary>CVs of consecutive whole chunks (none of them the root), chunk k of the span has counter + k.</summary>
    public void ChunkCvs(ReadOnlySpan<byte> chunks, ulong counter, Span<uint> cvs)
    {
        var count = chunks.Length / Blake3Constants.ChunkLength;
        for (var done = 0; done < count;)
        {
            var input = chunks[(done * Blake3Constants.ChunkLength)..];
            var output = cvs[(done * 8)..];
            var first = counter + (ulong)done;
            switch (WidestKernelFor(count - done))
            {
                case Blake3Backend.Vector512:
                    Blake3ParallelKernel.HashChunks<Vector512<uint>, Blake3Lanes512>(input, _key, first, Flags, output);
                    done += Blake3Lanes512.Count;
                    break;
                case Blake3Backend.Vector256:
                    Blake3ParallelKernel.HashChunks<Vector256<uint>, Blake3Lanes256>(input, _key, first, Flags, output);
                    done += Blake3Lanes256.Count;
                    break;
                case Blake3Backend.Vector128:
                    Blake3ParallelKernel.HashChunks<Vector128<uint>, Blake3Lanes128>(input, _key, first, Flags, output);
                    done += Blake3Lanes128.Count;
                    break;
                default:
                    Blake3Compression.ChunkCv(input[..Blake3Constants.ChunkLength], _key, first, Flags, output[..8]);
                    done++;
                    break;
            }
        }
    }

    /// <summary>
    /// CVs of <paramref name="count"/> parent nodes whose blocks (left ‖ right, 16 words each) are packed in
    /// <paramref name="nodes"/>; parent k's CV overwrites words [8k, 8k + 8), so a tree level folds in place.
    /// </summary>
    public void ParentCvs(Span<uint> nodes, int count)
    {
        for (var done = 0; done < count;)
        {
            var blocks = nodes[(16 * done)..];
            var output = nodes[(8 * done)..];
            var lanes = WidestKernelFor(count - done) switch
            {
                Blake3Backend.Vector512 => Parents<Vector512<uint>, Blake3Lanes512>(blocks, output),
                Blake3Backend.Vector256 => Parents<Vector256<uint>, Blake3Lanes256>(blocks, output),
                Blake3Backend.Vector128 => Parents<Vector128<uint>, Blake3Lanes128>(blocks, output),
                _ => ScalarParent(blocks, output),
            };
            done += lanes;
        }
    }

    /// <summary>The CV of a complete, non-root subtree of 2^k chunks whose first chunk has number <paramref name="counter"/>.</summary>
    public void SubtreeCv(ReadOnlySpan<byte> input, ulong counter, Span<uint> cv)
    {
        var chunks = input.Length / Blake3Constants.ChunkLength;
        if (chunks <= LeafChunks)
        {
            Span<uint> cvs = stackalloc uint[LeafChunks * 8];
            ChunkCvs(input, counter, cvs);
            // A power-of-two subtree is a perfect binary tree: fold neighbours level by level.
            for (var width = chunks; width > 1; width /= 2) ParentCvs(cvs, width / 2);
            cvs[..8].CopyTo(cv);
            return;
        }
        var half = input.Length / 2;
        Span<uint> children = stackalloc uint[16];
        SubtreeCv(input[..half], counter, children[..8]);
        SubtreeCv(input[half..], counter + (ulong)(chunks / 2), children[8..]);
        Blake3Compression.ParentCv(children, _key, Flags, cv);
    }

    /// <summary>As <see cref="SubtreeCv(ReadOnlySpan{byte}, ulong, Span{uint})"/>, hashing the two halves of large subtrees on separate threads.</summary>
    public void SubtreeCvParallel(ReadOnlyMemory<byte> input, ulong counter, Span<uint> cv)
    {
        if (input.Length < ParallelMinBytes)
        {
            SubtreeCv(input.Span, counter, cv);
            return;
        }
        var half = input.Length / 2;
        var rightCounter = counter + (ulong)(half / Blake3Constants.ChunkLength);
        var children = new uint[16];
        Parallel.Invoke(
            () => SubtreeCvParallel(input[..half], counter, children.AsSpan(0, 8)),
            () => SubtreeCvParallel(input[half..], rightCounter, children.AsSpan(8, 8)));
        Blake3Compression.ParentCv(children, _key, Flags, cv);
    }

    /// <summary>The widest kernel this engine may use that does not need more than <paramref name="nodes"/> nodes.</summary>
    private Blake3Backend WidestKernelFor(int nodes)
    {
        if (Backend >= Blake3Backend.Vector512 && Blake3Lanes512.IsSupported && nodes >= Blake3Lanes512.Count) return Blake3Backend.Vector512;
        if (Backend >= Blake3Backend.Vector256 && Blake3Lanes256.IsSupported && nodes >= Blake3Lanes256.Count) return Blake3Backend.Vector256;
        if (Backend >= Blake3Backend.Vector128 && Blake3Lanes128.IsSupported && nodes >= Blake3Lanes128.Count) return Blake3Backend.Vector128;
        return Blake3Backend.Scalar;
    }

    private int Parents<TVec, TLanes>(Span<uint> blocks, Span<uint> output)
        where TVec : unmanaged
        where TLanes : IBlake3Lanes<TVec>
    {
        Blake3ParallelKernel.HashParents<TVec, TLanes>(blocks, _key, Flags, output);
        return TLanes.Count;
    }

    private int ScalarParent(Span<uint> block, Span<uint> output)
    {
        Blake3Compression.ParentCv(block[..16], _key, Flags, output[..8]);
        return 1;
    }
}
