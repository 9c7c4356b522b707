using System;
using System.Management.Automation.Host;

namespace HafniumTools.Shell;

/// <summary>A fixed-size screen: the width decides how wide tables are rendered, as the console width does in pwsh.</summary>
public sealed class ShellRawUserInterface(int width) : PSHostRawUserInterface
{
    private const int Height = 50;

    public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;

    public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;

    public override Size BufferSize { get; set; } = new(width, Height);

    public override Coordinates CursorPosition { get; set; }

    public override int CursorSize { get; set; }

    public override bool KeyAvailable => false;

    public override Size MaxPhysicalWindowSize => new(width, Height);

    public override Size MaxWindowSize => new(width, Height);

    public override Coordinates WindowPosition { get; set; }

    public override Size WindowSize { get; set; } = new(width, Height);

    public override string WindowTitle { get; set; } = "HafniumTools";

    public override void FlushInputBuffer()
    {
    }

    public override BufferCell[,] GetBufferContents(Rectangle rectangle) => new BufferCell[0, 0];

    public override KeyInfo ReadKey(ReadKeyOptions options) =>
        throw new NotSupportedException("This host is non-interactive and cannot read keys.");

    public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill)
    {
    }

    public override void SetBufferContents(Coordinates origin, BufferCell[,] contents)
    {
    }

    public override void SetBufferContents(Rectangle rectangle, BufferCell fill)
    {
    }
}
