namespace Hem.Prediction.Cards;

/// <summary>
/// A model folder cannot be used: a file is missing or unreadable, the card is invalid, or the card and the ONNX
/// graph disagree. The message names the file and field.
/// </summary>
public sealed class ModelFolderException : Exception
{
    public ModelFolderException()
    {
    }

    public ModelFolderException(string message)
        : base(message)
    {
    }

    public ModelFolderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
