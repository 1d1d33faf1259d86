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
# (written by the common part below)

# ---- part: policy (accounts, password and lockout policy, screen lock, browsers)

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
