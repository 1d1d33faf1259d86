# Vigie — raw capture of a Windows machine's security settings, read-only,
# with nothing but Windows itself (PowerShell 5.1+). Writes one file per
# command or registry export into a folder; `vigie collect --from-captures
# DIR -o evidence.json` turns it into an evidence file anywhere.
# Formats and encodings: docs/captures.md.
#
# Usage (PowerShell, as administrator for the complete picture):
#   powershell -NoProfile -ExecutionPolicy Bypass -File capture-windows.ps1 -Output C:\vigie-capture

param([Parameter(Mandatory = $true)][string]$Output)

$ErrorActionPreference = 'Continue'
New-Item -ItemType Directory -Force -Path $Output | Out-Null

# ---- manifest ---------------------------------------------------------------
# Common part: vigie-capture.txt (UTF-8), then os.json (the OS identity and
# domain membership every part relies on).
$VigieScriptVersion = 1
$IsAdmin = ([Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::GetCurrent()).IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)
@(
  'platform=windows'
  "host=$env:COMPUTERNAME"
  "captured_at=$((Get-Date).ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ'))"
  "script_version=$VigieScriptVersion"
  "admin=$($IsAdmin.ToString().ToLower())"
) | Set-Content -Encoding UTF8 -Path (Join-Path $Output 'vigie-capture.txt')

# The same JSON snippets as Vigie's live collection (crates/vigie-evidence/src/windows/policy/).
function Save-Json($Name, [scriptblock]$Block) {
  try { & $Block | ConvertTo-Json -Depth 6 | Set-Content -Encoding UTF8 -Path (Join-Path $Output $Name) }
  catch { "$_" | Set-Content -Encoding UTF8 -Path (Join-Path $Output "$Name.error.txt") }
}
# Text output as PowerShell 5.1 redirects it: UTF-16LE with a byte-order mark.
function Save-Text($Name, [scriptblock]$Block) {
  & $Block 2>$null | Out-File -Encoding unicode -FilePath (Join-Path $Output $Name)
}

Save-Json 'os.json' {
$o = Get-CimInstance Win32_OperatingSystem
$c = Get-CimInstance Win32_ComputerSystem
$v = Get-ItemProperty 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion'
[ordered]@{
  os = [ordered]@{ Caption = $o.Caption; Version = $o.Version; BuildNumber = $o.BuildNumber; OperatingSystemSKU = $o.OperatingSystemSKU }
  current_version = [ordered]@{ DisplayVersion = $v.DisplayVersion; ReleaseId = $v.ReleaseId; EditionID = $v.EditionID; CurrentBuild = $v.CurrentBuild; UBR = $v.UBR; InstallationType = $v.InstallationType }
  computer = [ordered]@{ PartOfDomain = $c.PartOfDomain; Domain = $c.Domain }
}
}

# ---- part: policy (accounts, password and lockout policy, screen lock, browsers)
# Password and lockout policy: secedit's own UTF-16LE export, kept as it is
# (administrator rights needed); `net accounts` only when secedit failed.
$seceditFile = Join-Path $Output 'secedit.inf'
secedit /export /areas SECURITYPOLICY /cfg $seceditFile /quiet | Out-Null
if (-not (Select-String -LiteralPath $seceditFile -Pattern 'MinimumPasswordLength' -Quiet -ErrorAction SilentlyContinue)) {
  Remove-Item -LiteralPath $seceditFile -ErrorAction SilentlyContinue
  Save-Text 'net-accounts.txt' { net accounts }
}

Save-Json 'accounts.json' {
function VigieDate($d) { if ($d) { ([datetime]$d).ToUniversalTime().ToString('o') } else { $null } }
$users = @(Get-LocalUser | ForEach-Object { [ordered]@{ Name = $_.Name; SID = $_.SID.Value; Enabled = $_.Enabled; FullName = $_.FullName; PrincipalSource = "$($_.PrincipalSource)"; LastLogon = VigieDate $_.LastLogon; PasswordLastSet = VigieDate $_.PasswordLastSet; PasswordExpires = VigieDate $_.PasswordExpires; PasswordRequired = $_.PasswordRequired } })
$admins = [ordered]@{ source = 'Get-LocalGroupMember'; error = $null; members = @() }
try {
  $admins.members = @(Get-LocalGroupMember -SID 'S-1-5-32-544' -ErrorAction Stop | ForEach-Object { [ordered]@{ Name = $_.Name; SID = $_.SID.Value; PrincipalSource = "$($_.PrincipalSource)"; ObjectClass = "$($_.ObjectClass)" } })
} catch {
  $admins.source = 'Win32_GroupUser'; $admins.error = "$_"
  try {
    $g = Get-CimInstance Win32_Group -Filter "LocalAccount=TRUE AND SID='S-1-5-32-544'"
    $admins.members = @(Get-CimAssociatedInstance -InputObject $g -Association Win32_GroupUser -ErrorAction Stop | ForEach-Object { [ordered]@{ Name = "$($_.Domain)\$($_.Name)"; SID = $_.SID; PrincipalSource = $null; ObjectClass = $_.CimClass.CimClassName } })
  } catch { $admins.source = $null; $admins.error = "$_" }
}
$profiles = @(Get-CimInstance Win32_UserProfile | ForEach-Object { [ordered]@{ SID = $_.SID; LocalPath = $_.LocalPath; Loaded = $_.Loaded; Special = $_.Special; LastUseTime = VigieDate $_.LastUseTime } })
[ordered]@{ users = $users; administrators = $admins; profiles = $profiles }
}

Save-Text 'reg-policies-system.txt' { reg query 'HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System' }
# Value by value: the Winlogon key may hold a DefaultPassword, never read.
Save-Text 'reg-winlogon.txt' {
  foreach ($v in 'AutoAdminLogon', 'DefaultUserName', 'DefaultDomainName') { reg query 'HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon' /v $v }
}
Save-Text 'powercfg-sleep.txt' { powercfg /q SCHEME_CURRENT SUB_SLEEP STANDBYIDLE }
Save-Text 'powercfg-consolelock.txt' { powercfg /q SCHEME_CURRENT SUB_NONE CONSOLELOCK }
Save-Text 'reg-power-policies.txt' { reg query 'HKLM\SOFTWARE\Policies\Microsoft\Power\PowerSettings' /s }

Save-Json 'browsers.json' {
$pf = [Environment]::GetFolderPath('ProgramFiles'); $pf86 = [Environment]::GetFolderPath('ProgramFilesX86')
$installed = @()
foreach ($e in @(@('edge', 'msedge.exe', "$pf86\Microsoft\Edge\Application\msedge.exe", "$pf\Microsoft\Edge\Application\msedge.exe"), @('chrome', 'chrome.exe', "$pf\Google\Chrome\Application\chrome.exe", "$pf86\Google\Chrome\Application\chrome.exe"), @('firefox', 'firefox.exe', "$pf\Mozilla Firefox\firefox.exe", "$pf86\Mozilla Firefox\firefox.exe"))) {
  $paths = @($e[2], $e[3])
  $ap = (Get-ItemProperty "HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\App Paths\$($e[1])" -ErrorAction SilentlyContinue).'(default)'
  if ($ap) { $paths = @($ap.Trim('"')) + $paths }
  foreach ($p in $paths) { if ($p -and (Test-Path -LiteralPath $p -PathType Leaf)) { $installed += [ordered]@{ Name = $e[0]; Path = $p }; break } }
}
$ff = @()
foreach ($i in $installed) { if ($i.Name -eq 'firefox') { $j = Join-Path (Split-Path $i.Path) 'distribution\policies.json'; if (Test-Path -LiteralPath $j) { $ff += [ordered]@{ Path = $j; Content = (Get-Content -LiteralPath $j -Raw -ErrorAction SilentlyContinue) } } } }
[ordered]@{ installed = $installed; firefox_policies = $ff }
}
Save-Text 'reg-browser-policies.txt' {
  foreach ($k in 'HKLM\SOFTWARE\Policies\Microsoft\Edge', 'HKLM\SOFTWARE\Policies\Google\Chrome', 'HKLM\SOFTWARE\Policies\Mozilla\Firefox') { reg query $k }
}

# Screen saver of every user profile: logged-in users (hive loaded under
# HKEY_USERS) by reg query; the others' NTUSER.DAT copied as a file, read
# by Vigie's read-only hive reader (never loaded into the registry).
$usersDir = Join-Path $Output 'users'
foreach ($p in @(Get-CimInstance Win32_UserProfile | Where-Object { -not $_.Special -and ($_.SID -like 'S-1-5-21-*' -or $_.SID -like 'S-1-12-1-*') })) {
  $dir = Join-Path $usersDir $p.SID
  New-Item -ItemType Directory -Force -Path $dir | Out-Null
  if ($p.Loaded) {
    & { reg query "HKU\$($p.SID)\Control Panel\Desktop"; reg query "HKU\$($p.SID)\Software\Policies\Microsoft\Windows\Control Panel\Desktop" } 2>$null |
      Out-File -Encoding unicode -FilePath (Join-Path $dir 'desktop.txt')
  } else {
    try { Copy-Item -LiteralPath (Join-Path $p.LocalPath 'NTUSER.DAT') -Destination (Join-Path $dir 'NTUSER.DAT') -ErrorAction Stop }
    catch { "$_" | Set-Content -Encoding UTF8 -Path (Join-Path $dir 'error.txt') }
  }
}

# ---- part: security (antivirus, firewall, BitLocker, updates, licensing, logs, network, Wi-Fi, UPS, OS)
# Every file goes to <Output>\security\ (docs/captures.md, "Security part").
# A command that fails leaves <name>.error instead: "exit=<code>" (or
# "exit=notfound" for a program that does not exist) on the first line, then
# its error text. Nothing here changes the machine; several commands need
# administrator rights (BitLocker, audit policy) and say so when refused.
$SecDir = Join-Path $Output 'security'
New-Item -ItemType Directory -Force -Path $SecDir | Out-Null

function Save-SecurityError([string]$Name, [string]$Code, [string]$Text) {
    Set-Content -LiteralPath (Join-Path $SecDir "$Name.error") -Value ("exit=$Code`r`n$Text") -Encoding UTF8
}

# One PowerShell pipeline ending in ConvertTo-Json -> security\<name>, UTF-8.
# The same pipelines Vigie runs on a live system (Rust: windows::security).
function Save-SecurityPs([string]$Name, [scriptblock]$Pipeline) {
    try {
        $ErrorActionPreference = 'Stop'
        $text = & $Pipeline | Out-String
        Set-Content -LiteralPath (Join-Path $SecDir $Name) -Value $text -Encoding UTF8 -NoNewline
    } catch {
        Save-SecurityError $Name '1' ("$($_.CategoryInfo.Category) $($_.FullyQualifiedErrorId)`r`n$($_.Exception.Message)")
    }
}

# One program of System32 -> security\<name>, its output as text, UTF-8.
function Save-SecurityNative([string]$Name, [string]$Program, [string[]]$Arguments) {
    $exe = Join-Path $env:SystemRoot "System32\$Program.exe"
    if (-not (Test-Path -LiteralPath $exe)) {
        Save-SecurityError $Name 'notfound' "$exe not found"
        return
    }
    $out = @(& $exe @Arguments 2>&1 | ForEach-Object { "$_" })
    $code = $LASTEXITCODE
    if ($code -eq 0) {
        Set-Content -LiteralPath (Join-Path $SecDir $Name) -Value $out -Encoding UTF8
    } else {
        Save-SecurityError $Name "$code" ($out -join "`r`n")
    }
}

Save-SecurityPs 'av-products.json' { Get-CimInstance -Namespace root/SecurityCenter2 -ClassName AntiVirusProduct | Select-Object displayName,productState,pathToSignedProductExe,timestamp | ConvertTo-Json -Depth 3 }
Save-SecurityPs 'firewall-products.json' { Get-CimInstance -Namespace root/SecurityCenter2 -ClassName FirewallProduct | Select-Object displayName,productState,pathToSignedProductExe,timestamp | ConvertTo-Json -Depth 3 }
Save-SecurityPs 'defender.json' { Get-MpComputerStatus | Select-Object AMRunningMode,AMServiceEnabled,AntivirusEnabled,RealTimeProtectionEnabled,IsTamperProtected,AntivirusSignatureVersion,AntivirusSignatureAge,@{n='AntivirusSignatureLastUpdated';e={if($_.AntivirusSignatureLastUpdated){$_.AntivirusSignatureLastUpdated.ToUniversalTime().ToString('o')}}} | ConvertTo-Json -Depth 3 }
Save-SecurityPs 'firewall-profiles.json' { Get-NetFirewallProfile -PolicyStore ActiveStore | Select-Object Name,@{n='Enabled';e={[string]$_.Enabled}},@{n='DefaultInboundAction';e={[string]$_.DefaultInboundAction}},@{n='DefaultOutboundAction';e={[string]$_.DefaultOutboundAction}},@{n='LogBlocked';e={[string]$_.LogBlocked}},@{n='LogAllowed';e={[string]$_.LogAllowed}},LogFileName,LogMaxSizeKilobytes | ConvertTo-Json -Depth 3 }
Save-SecurityPs 'connection-profiles.json' { Get-NetConnectionProfile | Select-Object Name,InterfaceAlias,InterfaceIndex,@{n='NetworkCategory';e={[string]$_.NetworkCategory}},@{n='IPv4Connectivity';e={[string]$_.IPv4Connectivity}} | ConvertTo-Json -Depth 3 }
Save-SecurityPs 'bitlocker.json' { Get-BitLockerVolume | Select-Object MountPoint,@{n='VolumeType';e={[string]$_.VolumeType}},@{n='VolumeStatus';e={[string]$_.VolumeStatus}},@{n='ProtectionStatus';e={[string]$_.ProtectionStatus}},@{n='EncryptionMethod';e={[string]$_.EncryptionMethod}},EncryptionPercentage,@{n='LockStatus';e={[string]$_.LockStatus}},@{n='KeyProtector';e={@($_.KeyProtector | ForEach-Object {[string]$_.KeyProtectorType})}} | ConvertTo-Json -Depth 3 }
Save-SecurityPs 'logical-disks.json' { Get-CimInstance Win32_LogicalDisk | Select-Object DeviceID,DriveType,FileSystem,VolumeName | ConvertTo-Json -Depth 3 }
Save-SecurityPs 'hotfixes.json' { Get-HotFix | Select-Object HotFixID,Description,@{n='InstalledOn';e={if($_.InstalledOn){$_.InstalledOn.ToString('yyyy-MM-dd')}}} | ConvertTo-Json -Depth 3 }
Save-SecurityPs 'update-history.json' { $s=New-Object -ComObject Microsoft.Update.Session; $q=$s.CreateUpdateSearcher(); $n=$q.GetTotalHistoryCount(); if($n -gt 0){$q.QueryHistory(0,[Math]::Min($n,200)) | Select-Object @{n='Date';e={if($_.Date){$_.Date.ToString('o')}}},Operation,ResultCode,Title,@{n='Categories';e={@($_.Categories | ForEach-Object {$_.CategoryID})}} | ConvertTo-Json -Depth 3} }
Save-SecurityPs 'services.json' { Get-Service -Name wuauserv,UsoSvc,EventLog,WinDefend,mpssvc,bthserv -ErrorAction SilentlyContinue | Select-Object Name,@{n='Status';e={[string]$_.Status}},@{n='StartType';e={[string]$_.StartType}} | ConvertTo-Json -Depth 3 }
Save-SecurityPs 'licensing.json' { Get-CimInstance SoftwareLicensingProduct -Filter 'PartialProductKey IS NOT NULL AND ApplicationID=''55c92734-d682-4d71-983e-d6ec3f16059f''' | Select-Object Name,Description,ID,LicenseStatus,ProductKeyChannel,GracePeriodRemaining,KeyManagementServiceMachine,DiscoveredKeyManagementServiceMachineName | ConvertTo-Json -Depth 3 }
Save-SecurityPs 'net-adapters.json' { Get-NetAdapter | Select-Object Name,InterfaceDescription,ifIndex,Status,MacAddress,MediaType,PhysicalMediaType,Virtual,HardwareInterface,ConnectorPresent | ConvertTo-Json -Depth 3 }
Save-SecurityPs 'ip-addresses.json' { Get-NetIPAddress | Select-Object ifIndex,InterfaceAlias,IPAddress,@{n='AddressFamily';e={[string]$_.AddressFamily}},@{n='PrefixOrigin';e={[string]$_.PrefixOrigin}} | ConvertTo-Json -Depth 3 }
Save-SecurityPs 'default-routes.json' { Get-NetRoute -DestinationPrefix 0.0.0.0/0 -ErrorAction SilentlyContinue | Select-Object ifIndex,DestinationPrefix,NextHop,RouteMetric | ConvertTo-Json -Depth 3 }
Save-SecurityPs 'neighbours.json' { Get-NetNeighbor -AddressFamily IPv4 | Select-Object ifIndex,InterfaceAlias,IPAddress,LinkLayerAddress,@{n='State';e={[string]$_.State}} | ConvertTo-Json -Depth 3 }
Save-SecurityPs 'bluetooth.json' { Get-PnpDevice -Class Bluetooth -ErrorAction SilentlyContinue | Select-Object @{n='FriendlyName';e={if($_.InstanceId -match '^(BTHENUM|BTHLE|BTHLEDEVICE|BTHHFENUM)\\'){$null}else{$_.FriendlyName}}},Status,@{n='Enumerator';e={($_.InstanceId -split '\\')[0]}},@{n='Problem';e={[string]$_.Problem}} | ConvertTo-Json -Depth 3 }
Save-SecurityPs 'batteries.json' { Get-CimInstance Win32_Battery | Select-Object Name,DeviceID,Chemistry,BatteryStatus,EstimatedChargeRemaining | ConvertTo-Json -Depth 3 }
Save-SecurityPs 'chassis.json' { Get-CimInstance Win32_SystemEnclosure | Select-Object ChassisTypes | ConvertTo-Json -Depth 3 }

# Registry keys (reg query; "/s" includes subkeys). A key that does not exist
# leaves a .error file with reg's message and exit code 1.
foreach ($r in @(
    @('reg-currentversion.txt', 'HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion', $false),
    @('reg-firewall-policy.txt', 'HKLM\SOFTWARE\Policies\Microsoft\WindowsFirewall', $true),
    @('reg-firewall-domain.txt', 'HKLM\SYSTEM\CurrentControlSet\Services\SharedAccess\Parameters\FirewallPolicy\DomainProfile', $true),
    @('reg-firewall-private.txt', 'HKLM\SYSTEM\CurrentControlSet\Services\SharedAccess\Parameters\FirewallPolicy\StandardProfile', $true),
    @('reg-firewall-public.txt', 'HKLM\SYSTEM\CurrentControlSet\Services\SharedAccess\Parameters\FirewallPolicy\PublicProfile', $true),
    @('reg-wu-policy.txt', 'HKLM\SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate', $true),
    @('reg-wu-ux.txt', 'HKLM\SOFTWARE\Microsoft\WindowsUpdate\UX\Settings', $false),
    @('reg-wu-autoupdate.txt', 'HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update', $false),
    @('reg-cbs.txt', 'HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing', $false),
    @('reg-system-policy.txt', 'HKLM\SOFTWARE\Policies\Microsoft\Windows\System', $false),
    @('reg-explorer.txt', 'HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Explorer', $false)
)) {
    $regArgs = @('query', $r[1])
    if ($r[2]) { $regArgs += '/s' }
    Save-SecurityNative $r[0] 'reg' $regArgs
}

# Event log channels (wevtutil gl: untranslated key: value lines).
Save-SecurityNative 'wevtutil-security.txt' 'wevtutil' @('gl', 'Security')
Save-SecurityNative 'wevtutil-system.txt' 'wevtutil' @('gl', 'System')
Save-SecurityNative 'wevtutil-defender.txt' 'wevtutil' @('gl', 'Microsoft-Windows-Windows Defender/Operational')

# Audit policy, CSV (subcategories identified by GUID; administrator only).
Save-SecurityNative 'auditpol.csv' 'auditpol' @('/get', '/category:*', '/r')

# BitLocker as manage-bde prints it (translated text; read when
# Get-BitLockerVolume gave nothing; administrator only).
Save-SecurityNative 'manage-bde.txt' 'manage-bde' @('-status')

# Saved Wi-Fi profiles, exported WITHOUT key=clear, then stripped of their
# sharedKey element: only the network name and its protection are kept.
$WlanDir = Join-Path $SecDir 'wlan'
New-Item -ItemType Directory -Force -Path $WlanDir | Out-Null
& (Join-Path $env:SystemRoot 'System32\netsh.exe') wlan export profile "folder=$WlanDir" | Out-Null
Get-ChildItem -LiteralPath $WlanDir -Filter '*.xml' | ForEach-Object {
    try {
        $xml = New-Object System.Xml.XmlDocument
        $xml.Load($_.FullName)
        foreach ($key in @($xml.GetElementsByTagName('sharedKey'))) {
            [void]$key.ParentNode.RemoveChild($key)
        }
        $xml.Save($_.FullName)
    } catch {
        # A profile that cannot be cleaned is not kept.
        Remove-Item -LiteralPath $_.FullName -Force
    }
}
