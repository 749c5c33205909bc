using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace SvmBackup.Tests.Support;

/// <summary>
/// A PSHost like a runbook worker's (Azure Automation, a scheduler): nobody is at a console. Anything that would prompt
/// (ShouldProcess confirmation, Read-Host, a credential prompt, a nested prompt) or write to the console directly
/// (Write-Host, UI writes) is recorded; a prompt or a UI write also throws. Stream routings the engine makes on its own (verbose,
/// warning, debug, progress, information) are only counted: a real worker host records those as job streams.
/// </summary>
public sealed class NoInteractionHost : PSHost
{
    private readonly NoInteractionUI _ui = new();

    public override string Name => "NoInteractionHost";
    public override Version Version { get; } = new(1, 0);
    public override Guid InstanceId { get; } = Guid.NewGuid();
    public override PSHostUserInterface UI => _ui;
    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
    public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;

    /// <summary>Prompts and direct console writes, in order ("Prompt: ...", "Write: ...").</summary>
    public IReadOnlyList<string> Interactions => _ui.Interactions;

    /// <summary>How many records the engine routed to the UI per stream (Verbose, Warning, Debug, Progress, Information).</summary>
    public IReadOnlyDictionary<string, int> Routed => _ui.Routed;

    public void Reset() => _ui.Reset();

    public override void SetShouldExit(int exitCode) => _ui.Interact("SetShouldExit", exitCode.ToString(CultureInfo.InvariantCulture));
    public override void EnterNestedPrompt() => _ui.Interact("EnterNestedPrompt", "");
    public override void ExitNestedPrompt() => _ui.Interact("ExitNestedPrompt", "");
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }

    private sealed class NoInteractionUI : PSHostUserInterface
    {
        private readonly List<string> _interactions = new();
        private readonly Dictionary<string, int> _routed = new();

        public IReadOnlyList<string> Interactions { get { lock (_interactions) return _interactions.ToList(); } }
        public IReadOnlyDictionary<string, int> Routed { get { lock (_routed) return new Dictionary<string, int>(_routed); } }

        public void Reset()
        {
            lock (_interactions) _interactions.Clear();
            lock (_routed) _routed.Clear();
        }

        public Exception Interact(string what, string text)
        {
            lock (_interactions) _interactions.Add(what + ": " + text);
            throw new HostException("No user interaction is possible in this host (" + what + "): " + text, null, "NoInteractionHost", ErrorCategory.NotImplemented);
        }

        private void Route(string stream)
        {
            lock (_routed) _routed[stream] = _routed.GetValueOrDefault(stream) + 1;
        }

        // No console: a host without a raw UI (the engine copes with null).
        public override PSHostRawUserInterface RawUI => null!;

        public override string ReadLine() => throw Interact("ReadLine", "");
        public override SecureString ReadLineAsSecureString() => throw Interact("ReadLineAsSecureString", "");
        public override Dictionary<string, PSObject> Prompt(string caption, string message, System.Collections.ObjectModel.Collection<FieldDescription> descriptions) => throw Interact("Prompt", caption + " " + message);
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw Interact("PromptForCredential", caption + " " + message);
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw Interact("PromptForCredential", caption + " " + message);
        public override int PromptForChoice(string caption, string message, System.Collections.ObjectModel.Collection<ChoiceDescription> choices, int defaultChoice) => throw Interact("PromptForChoice", caption + " " + message);

        public override void Write(string value) => Interact("Write", value);
        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Interact("Write", value);
        public override void WriteLine(string value) => Interact("WriteLine", value);
        public override void WriteErrorLine(string value) => Interact("WriteErrorLine", value);

        public override void WriteVerboseLine(string message) => Route("Verbose");
        public override void WriteWarningLine(string message) => Route("Warning");
        public override void WriteDebugLine(string message) => Route("Debug");
        public override void WriteProgress(long sourceId, ProgressRecord record) => Route("Progress");
        public override void WriteInformation(InformationRecord record)
        {
            // Write-Host: meant for a console (its record carries the PSHOST tag). Recorded, not thrown: the engine
            // already put the record in the information stream.
            if (record.Tags.Contains("PSHOST")) lock (_interactions) _interactions.Add("Write-Host: " + record.MessageData);
            else Route("Information");
        }
    }
}
