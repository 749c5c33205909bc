using System.Text.Json;
using System.Text.Json.Serialization;

namespace SvmBackup.Simulator;

/// <summary>One serializer configuration for topology and state files.</summary>
internal static class Json
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }
}
