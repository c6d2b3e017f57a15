using System.Text;

namespace RedoxBuild.Runners.Qemu;

/// <summary>
/// The terminal's keyboard as the bytes a serial terminal would send (VT100 keys, Enter as CR, Backspace as DEL),
/// read with Console.ReadKey so keys arrive one at a time without local echo and without the build having to put
/// the terminal into raw mode (and restore it after a crash). Ctrl+C stays the build's: it stops the VM.
/// </summary>
public sealed class KeyboardStream : Stream
{
    private readonly Encoder _utf8 = new UTF8Encoding(false).GetEncoder();
    private byte[] _pending = [];
    private int _offset;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Blocks until a key is pressed.</summary>
    public override int Read(byte[] buffer, int offset, int count)
    {
        while (_offset >= _pending.Length)
        {
            _pending = Translate(Console.ReadKey(intercept: true));
            _offset = 0;
        }
        var n = Math.Min(count, _pending.Length - _offset);
        Array.Copy(_pending, _offset, buffer, offset, n);
        _offset += n;
        return n;
    }

    /// <summary>The bytes a VT100-style terminal sends for a key (what OVMF's and Redox's serial consoles decode).</summary>
    public byte[] Translate(ConsoleKeyInfo key)
    {
        var sequence = key.Key switch
        {
            ConsoleKey.Enter => "\r",
            ConsoleKey.Backspace => "\x7f",
            ConsoleKey.Tab => "\t",
            ConsoleKey.Escape => "\x1b",
            ConsoleKey.UpArrow => "\x1b[A",
            ConsoleKey.DownArrow => "\x1b[B",
            ConsoleKey.RightArrow => "\x1b[C",
            ConsoleKey.LeftArrow => "\x1b[D",
            ConsoleKey.Home => "\x1b[H",
            ConsoleKey.End => "\x1b[F",
            ConsoleKey.Insert => "\x1b[2~",
            ConsoleKey.Delete => "\x1b[3~",
            ConsoleKey.PageUp => "\x1b[5~",
            ConsoleKey.PageDown => "\x1b[6~",
            _ => null,
        };
        if (sequence is not null) return Encoding.ASCII.GetBytes(sequence);
        if (key.KeyChar == '\0') return [];
        // Characters outside the BMP arrive as two keys; the encoder keeps the first surrogate until the second.
        var chars = new[] { key.KeyChar };
        var bytes = new byte[_utf8.GetByteCount(chars, flush: false)];
        _utf8.GetBytes(chars, 0, 1, bytes, 0, flush: false);
        return bytes;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
