namespace Hem.Dicom.Pixels;

/// <summary>Turns a raw sample into its stored value: mask to BitsStored, sign-extend when signed.</summary>
internal readonly struct StoredValues(PixelDescription description)
{
    private readonly int _shift = 32 - description.BitsStored;
    private readonly bool _signed = description.PixelRepresentation == 1;
    private readonly uint _mask = description.BitsStored >= 32 ? uint.MaxValue : (1u << description.BitsStored) - 1;

    public int From(uint raw) => _signed ? (int)(raw << _shift) >> _shift : (int)(raw & _mask);
}
