using Hem.Dicom.Series;

namespace Hem.Imaging.Rendering;

/// <summary>
/// How an axial slice of a volume is laid out on screen in the radiological convention, viewed from the feet:
/// the patient's left (LPS +x) on the image's right and posterior (LPS +y) at the bottom. The in-plane axis closer
/// to the patient's left-right axis becomes the image's columns (swapping the axes if the rows run
/// front-to-back), and each axis is flipped if it runs the other way. One image pixel per voxel.
/// </summary>
public sealed class RadiologicalView
{
    private RadiologicalView(GridSize size, bool columnsAlongX, bool flipColumns, bool flipRows)
    {
        ColumnsAlongX = columnsAlongX;
        FlipColumns = flipColumns;
        FlipRows = flipRows;
        Width = columnsAlongX ? size.X : size.Y;
        Height = columnsAlongX ? size.Y : size.X;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Whether image columns follow the volume's x axis (false: its y axis).</summary>
    public bool ColumnsAlongX { get; }

    /// <summary>Whether the axis shown left to right runs from the patient's left to right in the volume.</summary>
    public bool FlipColumns { get; }

    /// <summary>Whether the axis shown top to bottom runs from posterior to anterior in the volume.</summary>
    public bool FlipRows { get; }

    public static RadiologicalView Of(VolumeGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        var row = geometry.RowDirection;
        var column = geometry.ColumnDirection;
        bool columnsAlongX = Math.Abs(row.X) >= Math.Abs(column.X);
        var across = columnsAlongX ? row : column;
        var down = columnsAlongX ? column : row;
        return new RadiologicalView(geometry.Size, columnsAlongX, flipColumns: across.X < 0, flipRows: down.Y < 0);
    }

    /// <summary>The voxel (x, y) of the slice shown at image pixel (column, row).</summary>
    public (int X, int Y) VoxelAt(int column, int row)
    {
        int across = FlipColumns ? Width - 1 - column : column;
        int down = FlipRows ? Height - 1 - row : row;
        return ColumnsAlongX ? (across, down) : (down, across);
    }

    /// <summary>The image pixel (column, row) showing voxel (x, y) of the slice.</summary>
    public (int Column, int Row) PixelOf(int x, int y)
    {
        int across = ColumnsAlongX ? x : y;
        int down = ColumnsAlongX ? y : x;
        return (FlipColumns ? Width - 1 - across : across, FlipRows ? Height - 1 - down : down);
    }
}
