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
