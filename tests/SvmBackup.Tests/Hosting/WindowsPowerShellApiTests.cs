using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using SvmBackup.Tests.Support;

namespace SvmBackup.Tests.Hosting;

/// <summary>
/// What Windows PowerShell 5.1 (.NET Framework, PowerShell 5.1's engine) would bind when it imports the module, checked
/// from metadata since no Windows is at hand: the assemblies the module loads reference only netstandard 2.0, the
/// PowerShellStandard 5.1 engine surface, each other and what dependencies/ ships, and every type and member they use
/// exists there. The load-context code that only PowerShell 7 may run stays behind methods 5.1 never compiles.
/// </summary>
public class WindowsPowerShellApiTests
{
    private static string Dependencies => Path.Combine(RepoPaths.ModuleFolder, "dependencies");

    private static string NetStandard => RestoredPackages.File("SvmBackup", "NETStandard.Library", "build/netstandard2.0/ref/netstandard.dll");

    private static string PowerShellStandard => RestoredPackages.File("SvmBackup", "PowerShellStandard.Library", "lib/netstandard2.0/System.Management.Automation.dll");

    private static string RuntimeLoader => RestoredPackages.File("SvmBackup.Loader", "System.Runtime.Loader", "ref/netstandard1.5/System.Runtime.Loader.dll");

    /// <summary>The root assemblies PowerShell imports and the engine they load from dependencies/.</summary>
    private static string[] ModuleAssemblies =>
        Directory.GetFiles(RepoPaths.ModuleFolder, "*.dll").Concat(Directory.GetFiles(Dependencies, "SvmBackup.*.dll")).Order(StringComparer.Ordinal).ToArray();

    private static string Loader => Path.Combine(RepoPaths.ModuleFolder, "SvmBackup.Loader.dll");

    private static ApiSurfaceChecker Checker(params string[] extra) =>
        new(new[] { NetStandard, PowerShellStandard }.Concat(Directory.GetFiles(RepoPaths.ModuleFolder, "*.dll")).Concat(Directory.GetFiles(Dependencies, "*.dll")).Concat(extra));

    [Fact]
    public void The_module_loads_its_two_root_assemblies_and_the_engine_from_dependencies()
    {
        Assert.Equal(new[] { "SvmBackup.Core.dll", "SvmBackup.Loader.dll", "SvmBackup.Simulator.dll", "SvmBackup.dll" },
            ModuleAssemblies.Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var dll in ModuleAssemblies)
            Assert.Equal(".NETStandard,Version=v2.0", TargetFramework(dll));
    }

    [Fact]
    public void The_cmdlets_and_the_engine_use_only_netstandard_2_0_PowerShellStandard_and_the_shipped_dependencies()
    {
        using var checker = Checker();
        foreach (var dll in ModuleAssemblies.Where(d => d != Loader))
            Assert.True(checker.Check(dll).Count == 0, Path.GetFileName(dll) + ":\n" + string.Join("\n", checker.Check(dll)));
    }

    [Fact]
    public void The_shipped_dependencies_resolve_within_netstandard_2_0_and_each_other()
    {
        using var checker = Checker();
        foreach (var dll in Directory.GetFiles(Dependencies, "*.dll"))
            Assert.True(checker.Check(dll).Count == 0, Path.GetFileName(dll) + ":\n" + string.Join("\n", checker.Check(dll)));
    }

    [Fact]
    public void The_loader_names_AssemblyLoadContext_only_where_Windows_PowerShell_never_compiles_it()
    {
        // Its System.Runtime.Loader references are real ones (PowerShell 7 has them)...
        using (var checker = Checker(RuntimeLoader))
            Assert.True(checker.Check(Loader).Count == 0, string.Join("\n", checker.Check(Loader)));

        using var pe = new PEReader(File.OpenRead(Loader));
        var reader = pe.GetMetadataReader();
        // ...confined to the types built on them and to methods the JIT only sees when they run: .NET Framework loads a
        // type (and fails on AssemblyLoadContext) when it compiles a method naming it, not when the method exists.
        var bound = reader.TypeReferences.Where(t => ScopeOf(reader, t) == "System.Runtime.Loader").Select(t => SignatureNames.ReferenceName(reader, t)).ToList();
        Assert.Contains("System.Runtime.Loader.AssemblyLoadContext", bound);
        var contextTypes = reader.TypeDefinitions.Where(t => Mentions(SignatureNames.TypeName(reader, reader.GetTypeDefinition(t).BaseType), bound)).ToHashSet();
        Assert.Equal(new[] { "SvmBackup.PowerShell.Loading.DependencyLoadContext" }, contextTypes.Select(t => SignatureNames.DefinitionName(reader, t)));
        bound.AddRange(contextTypes.Select(t => SignatureNames.DefinitionName(reader, t)));

        var runtimeOnly = new List<string>();
        // Their nested types (the compiler's cached delegates) are only reached through them.
        foreach (var typeHandle in reader.TypeDefinitions.Where(t => !WithinAny(reader, t, contextTypes)))
        {
            var type = reader.GetTypeDefinition(typeHandle);
            foreach (var f in type.GetFields())
                Assert.False(Mentions(reader.GetFieldDefinition(f).DecodeSignature(SignatureNames.Instance, null), bound),
                    SignatureNames.DefinitionName(reader, typeHandle) + "::" + reader.GetString(reader.GetFieldDefinition(f).Name) + " names a load-context type");
            foreach (var m in type.GetMethods())
            {
                var method = reader.GetMethodDefinition(m);
                var name = SignatureNames.DefinitionName(reader, typeHandle) + "::" + reader.GetString(method.Name);
                Assert.False(Mentions(SignatureNames.Method(method.DecodeSignature(SignatureNames.Instance, null)), bound), name + "'s signature names a load-context type");
                if (method.RelativeVirtualAddress == 0) continue;
                if (!IlTokens.Of(pe.GetMethodBody(method.RelativeVirtualAddress)).Any(t => Mentions(Describe(reader, t), bound))) continue;
                Assert.True((method.ImplAttributes & MethodImplAttributes.NoInlining) != 0, name + " names a load-context type: Windows PowerShell compiles (or inlines) it and fails");
                runtimeOnly.Add(name);
            }
        }
        // PowerShell 7's path exists, and is just these two (OnImport/OnRemove call them on .NET only)...
        Assert.Equal(new[] { "SvmBackup.PowerShell.Loading.ModuleAssemblyLoader::RegisterLoadContext", "SvmBackup.PowerShell.Loading.ModuleAssemblyLoader::UnregisterLoadContext" },
            runtimeOnly.Order(StringComparer.Ordinal));
        // ...and so does Windows PowerShell's: AppDomain.AssemblyResolve (netstandard 2.0) into dependencies/.
        Assert.Contains(reader.MemberReferences, h => reader.GetString(reader.GetMemberReference(h).Name) == "add_AssemblyResolve");
    }

    [Fact]
    public void The_check_rejects_an_assembly_built_for_net8()
    {
        using var checker = Checker();
        var violations = checker.Check(RepoPaths.SimulatorDll);
        Assert.Contains(violations, v => v.StartsWith("assembly System.Runtime ", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("assembly System.Console ", StringComparison.Ordinal));
    }

    [Fact]
    public void The_check_rejects_a_member_netstandard_2_0_lacks_and_a_newer_netstandard()
    {
        using var checker = Checker();
        var dir = Directory.CreateTempSubdirectory("svm-api-");
        try
        {
            // string.Contains(char) came with netstandard 2.1: the classic call that compiles on .NET and fails on 5.1.
            var contains = Probe(dir.FullName, "Contains", p => p.Char(), new Version(2, 0, 0, 0));
            Assert.Equal(new[] { "member [netstandard]System.String::Contains instance Boolean `0(Char): not found there" }, checker.Check(contains));
            Assert.Empty(checker.Check(Probe(dir.FullName, "Contains", p => p.String(), new Version(2, 0, 0, 0))));
            Assert.Contains(checker.Check(Probe(dir.FullName, "Contains", p => p.String(), new Version(2, 1, 0, 0))), v => v.StartsWith("assembly netstandard 2.1.0.0: newer", StringComparison.Ordinal));
            Assert.Contains(checker.Check(Probe(dir.FullName, "Concat", p => p.String(), new Version(2, 0, 0, 0), typeName: "Span`1")), v => v.StartsWith("type [netstandard]System.Span`1", StringComparison.Ordinal));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>A metadata-only assembly referencing netstandard's System.&lt;type&gt;::&lt;method&gt;(one parameter) returning bool.</summary>
    private static string Probe(string dir, string method, Action<SignatureTypeEncoder> parameter, Version netstandard, string typeName = "String")
    {
        var md = new MetadataBuilder();
        md.AddModule(0, md.GetOrAddString("Probe.dll"), md.GetOrAddGuid(Guid.NewGuid()), default, default);
        md.AddAssembly(md.GetOrAddString("Probe"), new Version(1, 0, 0, 0), default, default, default, AssemblyHashAlgorithm.Sha1);
        md.AddTypeDefinition(default, default, md.GetOrAddString("<Module>"), default, MetadataTokens.FieldDefinitionHandle(1), MetadataTokens.MethodDefinitionHandle(1));
        var ns = md.AddAssemblyReference(md.GetOrAddString("netstandard"), netstandard, default, md.GetOrAddBlob(new byte[] { 0xcc, 0x7b, 0x13, 0xff, 0xcd, 0x2d, 0xdd, 0x51 }), default, default);
        var type = md.AddTypeReference(ns, md.GetOrAddString("System"), md.GetOrAddString(typeName));
        var signature = new BlobBuilder();
        new BlobEncoder(signature).MethodSignature(isInstanceMethod: true).Parameters(1, r => r.Type().Boolean(), p => parameter(p.AddParameter().Type()));
        md.AddMemberReference(type, md.GetOrAddString(method), md.GetOrAddBlob(signature));
        var image = new BlobBuilder();
        new ManagedPEBuilder(PEHeaderBuilder.CreateLibraryHeader(), new MetadataRootBuilder(md), new BlobBuilder()).Serialize(image);
        var path = Path.Combine(dir, "Probe" + Guid.NewGuid().ToString("N") + ".dll");
        File.WriteAllBytes(path, image.ToArray());
        return path;
    }

    private static string? TargetFramework(string dll)
    {
        using var pe = new PEReader(File.OpenRead(dll));
        var reader = pe.GetMetadataReader();
        foreach (var handle in reader.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = reader.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind != HandleKind.MemberReference) continue;
            var parent = reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent;
            if (SignatureNames.TypeName(reader, parent) != "System.Runtime.Versioning.TargetFrameworkAttribute") continue;
            var value = reader.GetBlobReader(attribute.Value);
            value.ReadUInt16(); // prolog
            return value.ReadSerializedString();
        }
        return null;
    }

    private static bool WithinAny(MetadataReader reader, TypeDefinitionHandle type, HashSet<TypeDefinitionHandle> outer)
    {
        for (var t = type; !t.IsNil; t = reader.GetTypeDefinition(t).GetDeclaringType())
            if (outer.Contains(t)) return true;
        return false;
    }

    private static string? ScopeOf(MetadataReader reader, TypeReferenceHandle handle)
    {
        var scope = reader.GetTypeReference(handle).ResolutionScope;
        while (scope.Kind == HandleKind.TypeReference) scope = reader.GetTypeReference((TypeReferenceHandle)scope).ResolutionScope;
        return scope.Kind == HandleKind.AssemblyReference ? reader.GetString(reader.GetAssemblyReference((AssemblyReferenceHandle)scope).Name) : null;
    }

    /// <summary>A token as text naming every type it involves: its type, or its declaring type and signature.</summary>
    private static string Describe(MetadataReader reader, EntityHandle token)
    {
        switch (token.Kind)
        {
            case HandleKind.TypeReference or HandleKind.TypeDefinition or HandleKind.TypeSpecification:
                return SignatureNames.TypeName(reader, token);
            case HandleKind.MethodDefinition:
                var method = reader.GetMethodDefinition((MethodDefinitionHandle)token);
                return SignatureNames.DefinitionName(reader, method.GetDeclaringType()) + " " + SignatureNames.Method(method.DecodeSignature(SignatureNames.Instance, null));
            case HandleKind.FieldDefinition:
                var field = reader.GetFieldDefinition((FieldDefinitionHandle)token);
                return SignatureNames.DefinitionName(reader, field.GetDeclaringType()) + " " + field.DecodeSignature(SignatureNames.Instance, null);
            case HandleKind.MemberReference:
                var member = reader.GetMemberReference((MemberReferenceHandle)token);
                var signature = member.GetKind() == MemberReferenceKind.Method
                    ? SignatureNames.Method(member.DecodeMethodSignature(SignatureNames.Instance, null))
                    : member.DecodeFieldSignature(SignatureNames.Instance, null);
                return (member.Parent.Kind is HandleKind.MethodDefinition or HandleKind.ModuleReference ? "" : SignatureNames.TypeName(reader, member.Parent)) + " " + signature;
            case HandleKind.MethodSpecification:
                var spec = reader.GetMethodSpecification((MethodSpecificationHandle)token);
                return Describe(reader, spec.Method) + " " + string.Join(",", spec.DecodeSignature(SignatureNames.Instance, null));
            default:
                return "";
        }
    }

    private static bool Mentions(string text, IEnumerable<string> typeNames) =>
        typeNames.Any(n => System.Text.RegularExpressions.Regex.IsMatch(text, "(^|[^\\w.`/])" + System.Text.RegularExpressions.Regex.Escape(n) + "($|[^\\w.`/])"));
}
