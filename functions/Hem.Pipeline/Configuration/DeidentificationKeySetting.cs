using System.Security.Cryptography;
using Hem.Dicom.Deidentification;
using Microsoft.Extensions.Configuration;

namespace Hem.Pipeline.Configuration;

/// <summary>
/// Reads the deployment's <see cref="DeidentificationKey"/> from <see cref="SettingNames.DeidentificationKey"/>: the
/// base64 of at least <see cref="DeidentificationKey.MinimumBytes"/> random bytes (in Azure a Key Vault reference).
/// Messages name the setting, never its value.
/// </summary>
public static class DeidentificationKeySetting
{
    /// <exception cref="DeidentificationKeyException">The setting is missing, not base64, or too short.</exception>
    public static DeidentificationKey FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string? value = configuration[SettingNames.DeidentificationKey];
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new DeidentificationKeyException($"{SettingNames.DeidentificationKey} is not set: the pipeline needs the deployment's de-identification key");
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(value.Trim());
        }
        catch (FormatException)
        {
            throw new DeidentificationKeyException($"{SettingNames.DeidentificationKey} is not base64");
        }

        try
        {
            return DeidentificationKey.FromBytes(bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }
}
