using ArchUnitNET.Domain;
using ArchUnitNET.Loader;
using Assembly = System.Reflection.Assembly;

namespace Dupstream.ArchitectureTests;

/// <summary>The product's assemblies, each loaded once for the rules (by name: the programs' types are internal).</summary>
internal static class Assemblies
{
    public static readonly Assembly Contracts = Assembly.Load("Dupstream.Contracts");
    public static readonly Assembly Common = Assembly.Load("Dupstream.Common");
    public static readonly Assembly Watcher = Assembly.Load("dupstream");
    public static readonly Assembly Receiver = Assembly.Load("dupstream-nginx");

    private static readonly Lazy<Architecture> WatcherArchitecture = new(() => Load(Watcher));
    private static readonly Lazy<Architecture> ReceiverArchitecture = new(() => Load(Receiver));
    private static readonly Lazy<Architecture> CommonArchitecture = new(() => Load(Common));
    private static readonly Lazy<Architecture> ContractsArchitecture = new(() => Load(Contracts));

    public static Architecture Of(string name) => name switch
    {
        "watcher" => WatcherArchitecture.Value,
        "receiver" => ReceiverArchitecture.Value,
        "common" => CommonArchitecture.Value,
        "contracts" => ContractsArchitecture.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not one of the product's assemblies."),
    };

    public static string[] ReferencedNames(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Select(reference => reference.Name ?? string.Empty).ToArray();

    private static Architecture Load(Assembly assembly) => new ArchLoader().LoadAssemblies(assembly).Build();
}
