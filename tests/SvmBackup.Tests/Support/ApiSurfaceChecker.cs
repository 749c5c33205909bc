using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace SvmBackup.Tests.Support;

/// <summary>
/// What an assembly needs from others, checked against the assemblies it may meet at run time: every assembly
/// reference must name one of them (in a version no newer than theirs), and every type and member reference into them
/// must exist there with the same signature. Checked against netstandard 2.0's reference assembly this is what
/// Windows PowerShell 5.1 (.NET Framework 4.7.2+) can bind; against PowerShellStandard's System.Management.Automation,
/// what its engine offers.
/// </summary>
public sealed class ApiSurfaceChecker : IDisposable
{
    private readonly Dictionary<string, Target> _targets = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="targets">The assemblies references may go to, by path (their own name is what they answer to).</param>
    public ApiSurfaceChecker(IEnumerable<string> targets)
    {
        foreach (var path in targets)
        {
            var target = new Target(path);
            _targets[target.Name] = target;
        }
    }

    public IReadOnlyCollection<string> TargetNames => _targets.Keys;

    /// <summary>Every reference of the assembly at <paramref name="path"/> that does not resolve, one line each.</summary>
    public IReadOnlyList<string> Check(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var reader = pe.GetMetadataReader();
        var violations = new List<string>();
        foreach (var handle in reader.AssemblyReferences)
        {
            var reference = reader.GetAssemblyReference(handle);
            var name = reader.GetString(reference.Name);
            if (!_targets.TryGetValue(name, out var target))
                violations.Add("assembly " + name + " " + reference.Version + ": not one it may reference");
            else if (reference.Version > target.Version)
                violations.Add("assembly " + name + " " + reference.Version + ": newer than " + target.Version);
        }
        foreach (var handle in reader.TypeReferences)
        {
            var resolved = Resolve(reader, handle, out var scope);
            if (resolved == null && scope != null)
                violations.Add("type [" + scope + "]" + SignatureNames.ReferenceName(reader, handle) + ": not found there");
        }
        foreach (var handle in reader.MemberReferences)
        {
            var member = reader.GetMemberReference(handle);
            var parent = GenericTypeOf(reader, member.Parent);
            if (parent.Kind != HandleKind.TypeReference) continue; // our own types, or vararg call sites
            var typeRef = (TypeReferenceHandle)parent;
            var owner = Resolve(reader, typeRef, out var scope);
            if (owner == null) continue; // already reported (or ours)
            var name = reader.GetString(member.Name);
            var signature = member.GetKind() == MemberReferenceKind.Method
                ? SignatureNames.Method(member.DecodeMethodSignature(SignatureNames.Instance, null))
                : member.DecodeFieldSignature(SignatureNames.Instance, null);
            if (!HasMember(owner.Value.Target, owner.Value.Type, member.GetKind(), name, signature, depth: 0))
                violations.Add("member [" + scope + "]" + SignatureNames.ReferenceName(reader, typeRef) + "::" + name + " " + signature + ": not found there");
        }
        return violations;
    }

    public void Dispose()
    {
        foreach (var target in _targets.Values) target.Dispose();
    }

    /// <summary>The target and type definition a reference lands on; null with a null scope when it is not into a target.</summary>
    private (Target Target, TypeDefinitionHandle Type)? Resolve(MetadataReader reader, TypeReferenceHandle handle, out string? scope)
    {
        var root = handle;
        while (reader.GetTypeReference(root).ResolutionScope.Kind == HandleKind.TypeReference)
            root = (TypeReferenceHandle)reader.GetTypeReference(root).ResolutionScope;
        scope = null;
        var rootScope = reader.GetTypeReference(root).ResolutionScope;
        if (rootScope.Kind != HandleKind.AssemblyReference) return null;
        scope = reader.GetString(reader.GetAssemblyReference((AssemblyReferenceHandle)rootScope).Name);
        return _targets.TryGetValue(scope, out var target) ? Find(target, SignatureNames.ReferenceName(reader, handle), hops: 0) : null;
    }

    /// <summary>A type by full name, following type forwarders to the other targets.</summary>
    private (Target, TypeDefinitionHandle)? Find(Target target, string fullName, int hops)
    {
        if (target.Types.TryGetValue(fullName, out var type)) return (target, type);
        var outermost = fullName.Split('/')[0]; // nested types travel with their forwarded outer type
        if (hops < 4 && target.Forwarded.TryGetValue(outermost, out var to) && _targets.TryGetValue(to, out var next)) return Find(next, fullName, hops + 1);
        return null;
    }

    private bool HasMember(Target target, TypeDefinitionHandle handle, MemberReferenceKind kind, string name, string signature, int depth)
    {
        var reader = target.Reader;
        var type = reader.GetTypeDefinition(handle);
        if (kind == MemberReferenceKind.Method)
        {
            foreach (var m in type.GetMethods())
            {
                var method = reader.GetMethodDefinition(m);
                if (reader.StringComparer.Equals(method.Name, name) && SignatureNames.Method(method.DecodeSignature(SignatureNames.Instance, null)) == signature) return true;
            }
        }
        else
        {
            foreach (var f in type.GetFields())
            {
                var field = reader.GetFieldDefinition(f);
                if (reader.StringComparer.Equals(field.Name, name) && field.DecodeSignature(SignatureNames.Instance, null) == signature) return true;
            }
        }
        // A reference may name the derived type of an inherited member: look up the base types.
        var baseType = GenericTypeOf(reader, type.BaseType);
        if (depth > 16 || baseType.IsNil) return false;
        (Target, TypeDefinitionHandle)? next = baseType.Kind switch
        {
            HandleKind.TypeDefinition => (target, (TypeDefinitionHandle)baseType),
            HandleKind.TypeReference => ResolveIn(target, (TypeReferenceHandle)baseType),
            _ => null,
        };
        return next != null && HasMember(next.Value.Item1, next.Value.Item2, kind, name, signature, depth + 1);
    }

    private (Target, TypeDefinitionHandle)? ResolveIn(Target target, TypeReferenceHandle handle) =>
        Resolve(target.Reader, handle, out _);

    /// <summary>The generic type of an instantiation (List`1 for List&lt;int&gt;); anything else as it is.</summary>
    private static EntityHandle GenericTypeOf(MetadataReader reader, EntityHandle handle)
    {
        if (handle.Kind != HandleKind.TypeSpecification) return handle;
        var blob = reader.GetBlobReader(reader.GetTypeSpecification((TypeSpecificationHandle)handle).Signature);
        if (blob.ReadSignatureTypeCode() != SignatureTypeCode.GenericTypeInstance) return default;
        blob.ReadSignatureTypeCode(); // class or value type
        return blob.ReadTypeHandle();
    }

    /// <summary>One assembly references may go to: its type definitions and forwarders by full name.</summary>
    private sealed class Target : IDisposable
    {
        private readonly PEReader _pe;

        public Target(string path)
        {
            _pe = new PEReader(File.OpenRead(path));
            Reader = _pe.GetMetadataReader();
            var definition = Reader.GetAssemblyDefinition();
            Name = Reader.GetString(definition.Name);
            Version = definition.Version;
            foreach (var handle in Reader.TypeDefinitions) Types[SignatureNames.DefinitionName(Reader, handle)] = handle;
            foreach (var handle in Reader.ExportedTypes)
            {
                var exported = Reader.GetExportedType(handle);
                if (exported.Implementation.Kind != HandleKind.AssemblyReference) continue;
                var ns = Reader.GetString(exported.Namespace);
                var name = Reader.GetString(exported.Name);
                Forwarded[ns.Length == 0 ? name : ns + "." + name] = Reader.GetString(Reader.GetAssemblyReference((AssemblyReferenceHandle)exported.Implementation).Name);
            }
        }

        public MetadataReader Reader { get; }
        public string Name { get; }
        public Version Version { get; }
        public Dictionary<string, TypeDefinitionHandle> Types { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, string> Forwarded { get; } = new(StringComparer.Ordinal);

        public void Dispose() => _pe.Dispose();
    }
}
