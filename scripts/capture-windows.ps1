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
